"""What the values of a loaded record mean, for the rules and the context alike: the
registry of organisations, the inline markup of prose, the placeholders prose may use."""
