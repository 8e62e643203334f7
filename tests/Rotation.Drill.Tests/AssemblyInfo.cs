// Each drill runs real traffic at ≥ 100 requests/s on a 2-core machine: run them one at a time so they measure the procedure, not each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
