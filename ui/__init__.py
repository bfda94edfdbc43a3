"""The candidates' web site, in French, built with NiceGUI over the models/ functions."""
