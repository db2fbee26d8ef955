"""The demo: its data (`flask demo seed`, `flask demo scale`) and the outbox pages, which only
the demo switch (KARANGOU_DEMO=1) serves."""
