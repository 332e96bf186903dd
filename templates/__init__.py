"""The built-in templates (a package only so that the installed kethandout finds them: see
kethandout/resources.py). Copy them with `kethandout init`, or pass a folder of your own
with `--templates`."""
