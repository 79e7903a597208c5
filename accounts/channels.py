"""The official help channels of domain.md §9 as first loaded (data migration and `load_policies`); admins
edit them afterwards. Loading adds missing rows by number and never overwrites an admin's edit."""

from django.core.cache import cache

# domain.md §9: the national channels, each with its published source. KP2MI's toll-free line comes first.
CHANNELS = [
    {
        "order": 10,
        "number": "0800-1000",
        "label": "Call center KP2MI (bebas pulsa, 24 jam, dari Indonesia)",
        "label_en": "KP2MI call centre (toll-free, 24 hours, inside Indonesia)",
        "source": "KP2MI/BP2MI public statements since 2011, still listed in 2025",
    },
    {
        "order": 20,
        "number": "+62 21 2924 4800",
        "label": "Call center KP2MI dari luar negeri",
        "label_en": "KP2MI call centre from abroad",
        "source": "KP2MI/BP2MI public statements since 2011, still listed in 2025",
    },
    {
        "order": 30,
        "number": "1500630",
        "label": "Call center Kemnaker (Kementerian Ketenagakerjaan)",
        "label_en": "Kemnaker call centre (Ministry of Manpower)",
        "source": "Kemnaker public statements",
    },
    {
        "order": 40,
        "number": "lapor.go.id",
        "label": "Layanan pengaduan publik nasional (SP4N-LAPOR!)",
        "label_en": "National public complaints service (SP4N-LAPOR!)",
        "source": "SP4N-LAPOR!, the national public complaints service",
    },
]

CACHE_KEY = "help-channels:v1"


def help_channels_load(*, model=None) -> int:
    """Add the channels not yet present (by number); returns how many were added."""
    if model is None:
        from accounts.models import HelpChannel as model
    present = set(model.objects.values_list("number", flat=True))
    added = [model(**row) for row in CHANNELS if row["number"] not in present]
    model.objects.bulk_create(added)
    cache.delete(CACHE_KEY)
    return len(added)
