"""Development tooling: the notebook runner, the stand-in data, notebook export.

Not part of the installed `helpers` package: a learner in Colab never needs it.
"""
