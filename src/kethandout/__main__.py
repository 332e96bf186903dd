from kethandout.cli import main

raise SystemExit(main())
