"""Free tags ("Zakup Prospołeczny", "dobra praktyka") on the records of every app.

Ground floor: a model that wants tags declares ``tags = TagsField(list_url=...)``; this package
finds such models by their field (``registry``), never by name, so it imports no app above it.
A tag's name is not personal data, but a tag on a person is part of that person: it is read
only through the person, so whoever does not see the person does not see it either.
"""
