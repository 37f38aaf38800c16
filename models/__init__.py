"""Trained models, the knowledge base and the commands that rebuild them (installed as ``newsnlp.models``)."""
