from services.tracking.models.link import AllowedDomain, Click, TrackedLink, VisitorSalt

__all__ = [
    "AllowedDomain",
    "Click",
    "TrackedLink",
    "VisitorSalt",
]
