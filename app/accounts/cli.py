"""`flask accounts …`: what only the operator of the server may do."""
import click
from flask.cli import AppGroup

from app.accounts import members
from app.extensions import db

accounts_cli = AppGroup("accounts", help="Member accounts.")


@accounts_cli.command("create-admin")
@click.argument("phone")
@click.password_option()
def create_admin(phone, password):
    """Make an administrator (the only way to get one)."""
    try:
        number = members.normalise_phone(phone)
        user = members.by_phone(number) or members.create(number, password)
    except members.AccountError as error:
        raise click.ClickException(str(error)) from error
    members.set_role(user, "admin", by_admin=True)
    db.session.commit()
    click.echo(f"{user.phone[:4]}…{user.phone[-2:]} is an administrator")
