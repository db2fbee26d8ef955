"""Country names for the films we carry, in both languages (ISO 3166-1 alpha-2 codes)."""
from app.catalog.folding import fold

COUNTRIES = {
    "AO": ("Angola", "Angola"), "BF": ("Burkina Faso", "Burkina Faso"), "BJ": ("Bénin", "Benin"),
    "CD": ("RD Congo", "DR Congo"), "CG": ("Congo", "Congo"), "CI": ("Côte d'Ivoire", "Côte d'Ivoire"),
    "CM": ("Cameroun", "Cameroon"), "CV": ("Cap-Vert", "Cape Verde"), "DZ": ("Algérie", "Algeria"),
    "EG": ("Égypte", "Egypt"), "ET": ("Éthiopie", "Ethiopia"), "GA": ("Gabon", "Gabon"),
    "GH": ("Ghana", "Ghana"), "GM": ("Gambie", "Gambia"), "GN": ("Guinée", "Guinea"),
    "GW": ("Guinée-Bissau", "Guinea-Bissau"), "KE": ("Kenya", "Kenya"), "LR": ("Liberia", "Liberia"),
    "MA": ("Maroc", "Morocco"), "MG": ("Madagascar", "Madagascar"), "ML": ("Mali", "Mali"),
    "MR": ("Mauritanie", "Mauritania"), "MZ": ("Mozambique", "Mozambique"), "NE": ("Niger", "Niger"),
    "NG": ("Nigeria", "Nigeria"), "RW": ("Rwanda", "Rwanda"), "SL": ("Sierra Leone", "Sierra Leone"),
    "SN": ("Sénégal", "Senegal"), "TD": ("Tchad", "Chad"), "TG": ("Togo", "Togo"),
    "TN": ("Tunisie", "Tunisia"), "TZ": ("Tanzanie", "Tanzania"), "UG": ("Ouganda", "Uganda"),
    "ZA": ("Afrique du Sud", "South Africa"), "ZW": ("Zimbabwe", "Zimbabwe"),
}


def country_name(code, locale):
    names = COUNTRIES.get(code)
    if names is None:
        return code
    return names[1] if locale == "en" else names[0]


def by_country_name(codes, locale):
    """The codes in the order a reader looks for them: by name in their language, accents aside (Égypte after Congo)."""
    return sorted(codes, key=lambda code: fold(country_name(code, locale)))
