"""The account the demo data is written by, so the history says where it came from."""

from crm.users import Role, User


def demo_system_user() -> User:
    user, created = User.objects.get_or_create(
        username="demo-system",
        defaults={"role": Role.ADMIN, "first_name": "Dane", "last_name": "demo"},
    )
    if created:
        user.set_unusable_password()  # writes data, never signs in
        user.save(update_fields=["password"])
    return user
