"""E-mail to a selection: one message written once, sent to each recipient separately."""
