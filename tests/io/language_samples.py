"""Short non-English news texts shared by the reader and language tests (written by the team)."""

URDU = (
    "پاکستان اور افغانستان کے درمیان استنبول میں ہونے والے مذاکرات ناکام ہو گئے۔ "
    "سرحد پر جھڑپیں جاری ہیں اور طورخم کی گزرگاہ بند ہے۔"
)
FRENCH = (
    "Les pourparlers entre le Pakistan et l'Afghanistan ont échoué à Istanbul, selon les médiateurs "
    "turcs et qataris. La frontière reste fermée et des centaines de camions attendent au poste de Torkham."
)
GERMAN = (
    "Die Gespräche zwischen Pakistan und Afghanistan in Istanbul sind gescheitert, teilten die Vermittler "
    "aus der Türkei und Katar mit. Die Grenze bleibt geschlossen, Hunderte Lastwagen warten in Torkham."
)
SPANISH = (
    "Las conversaciones entre Pakistán y Afganistán en Estambul fracasaron, según los mediadores turcos y "
    "cataríes. La frontera sigue cerrada y cientos de camiones esperan en el paso de Torkham."
)
