"""approvals — cross-border AI investment approvals for compliance officers."""

__version__ = "0.1.0"
