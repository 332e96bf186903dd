"""The look shared by every output: colours, type sizes and fonts (data; the renderers use it,
and so does the deck layout, which must not import a renderer)."""
