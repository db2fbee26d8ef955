"""`flask accounts create-admin`: the only way to get an administrator."""
from app.accounts import members


def test_create_admin_makes_an_administrator_whose_role_is_final(runner):
    done = runner.invoke(args=["accounts", "create-admin", "+228 90 11 22 33"],
                         input="Kpalime-2026-soleil\nKpalime-2026-soleil\n")
    assert done.exit_code == 0, done.output
    user = members.by_phone("+22890112233")
    assert user.role == "admin" and user.role_set_by_admin


def test_create_admin_refuses_a_common_password_with_a_message(runner):
    done = runner.invoke(args=["accounts", "create-admin", "+228 90 11 22 34"], input="azerty123\nazerty123\n")
    assert done.exit_code == 1
    assert "Error:" in done.output and "Traceback" not in done.output
    assert members.by_phone("+22890112234") is None
