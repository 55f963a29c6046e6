"""The steps of scoring, one module each, in the order the data flows (see `benchmark.scorer`):
`keys` (aligning), `counting` (with `speakers`, the speaker rule), `errors` (verdicts per
item), `streaming` (documents through an Accumulator, one process or several), `settings`."""
