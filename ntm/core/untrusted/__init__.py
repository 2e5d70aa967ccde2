"""Reading files people upload without trusting them.

Pure checks that run before anything is expanded (zip members and sizes,
a streaming XML scan with defusedxml's rules, per-format extents) and a
runner that does the expanding in a child process with hard limits of memory
and time. A file outside any limit is refused with
:class:`~ntm.core.untrusted.refusal.FileRefused`, whose message names the
limit and its value."""
