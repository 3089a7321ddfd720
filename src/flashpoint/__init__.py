"""flashpoint: a sourced, structured record of an armed crisis, read from news reports."""

__version__ = "0.1.0"
