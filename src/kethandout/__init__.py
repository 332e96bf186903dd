"""kethandout: one reviewed YAML source -> patient handout PDF and clinician deck PPTX."""
