"""Pure-Python heart of NTM: no Django import anywhere in this package."""
