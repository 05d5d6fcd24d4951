"""Pure discovery domain: profiles, derived metrics and scores, with no I/O."""
