"""newsnlp: annotated research corpora from saved Chinese news articles."""
__version__ = "0.1.0"
