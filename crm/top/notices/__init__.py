"""The art. 14 GDPR worklist: people whose data came from elsewhere and who are not informed yet.

On the top floor because a deadline needs the contact log (art. 14(3)(b): at the latest at the
first communication) besides the person's own record; the notices themselves are contacts'.
"""
