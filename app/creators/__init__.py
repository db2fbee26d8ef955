"""Creator checks: who a filmmaker is, checked by an admin before any project of theirs goes live."""
