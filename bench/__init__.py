"""`make bench`: the performance budgets of DESIGN.md §5, measured at
province and national scale, each figure beside a floor measured in the same
run. Not run by CI (too slow, too noisy); see README.md."""
