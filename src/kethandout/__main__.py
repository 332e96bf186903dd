from kethandout.cli import run

run()
