from approvals.app import main

raise SystemExit(main())
