from kethandout import run

run()
