"""Sign-in protection: lock-out after failed sign-ins (django-axes), a second factor (TOTP,
django-otp) for those who enrol or whose role must, and API tokens that expire and that their
owner or an administrator can revoke. The throttling of the API is in ``crm.api.throttling``.
"""
