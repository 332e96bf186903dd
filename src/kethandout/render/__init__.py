"""Renderers: what compose/ and deck/ decided -> the bytes of one output. The only importers
of ReportLab, python-pptx's writer and pikepdf."""
