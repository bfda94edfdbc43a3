"""A deterministic generator of realistic French offers, for the demo and the benchmarks.

Titles and missions per activity domain, real administrations with their services, real cities
in their true department (regions come from ISO 3166 through models.reference.geography), stages
abroad in real countries. The same seed and day always give the same offers.
"""

from __future__ import annotations

import itertools
import random
from datetime import date, timedelta
from functools import cache

from models.offers.places import commune_named
from models.offers.publishing import OfferDraft
from models.reference import geography
from models.reference.catalogue import OfferType

__all__ = ["generate_expired_offers", "generate_offers"]

# domain code: (weight, titles (without the apprentice/intern prefix), missions)
_DOMAINS: dict[str, tuple[int, list[str], list[str]]] = {
    "numerique": (14, ["développeur(se) web", "data analyst", "administrateur(trice) systèmes et réseaux", "chef(fe) de projet numérique", "UX designer", "technicien(ne) support informatique"], ["Développer et maintenir des applications web au service des usagers", "Analyser les données de l'activité et produire des tableaux de bord", "Participer à la transformation numérique des démarches", "Assurer le support des agents sur les outils informatiques", "Contribuer à la sécurité des systèmes d'information"]),
    "rh": (10, ["chargé(e) de recrutement", "gestionnaire ressources humaines", "chargé(e) de formation", "assistant(e) RH"], ["Participer au recrutement des agents et des apprentis", "Suivre les dossiers de carrière et de paie", "Organiser les actions de formation continue", "Accompagner les agents dans leur parcours professionnel"]),
    "communication": (9, ["chargé(e) de communication", "community manager", "assistant(e) communication digitale", "chargé(e) de relations presse"], ["Rédiger des contenus pour le site internet et l'intranet", "Animer les réseaux sociaux de la structure", "Organiser des événements institutionnels", "Préparer les dossiers et communiqués de presse"]),
    "finances": (9, ["contrôleur(se) de gestion", "gestionnaire budgétaire", "assistant(e) comptable", "analyste financier(ère)"], ["Préparer et suivre l'exécution du budget", "Contrôler les engagements et les paiements", "Produire des analyses financières", "Participer au dialogue de gestion"]),
    "juridique": (8, ["juriste", "assistant(e) juridique", "juriste en droit public", "chargé(e) d'études juridiques"], ["Rédiger des notes et des actes juridiques", "Assurer la veille juridique et réglementaire", "Instruire les recours contentieux", "Conseiller les services sur les questions de droit public"]),
    "administration": (8, ["assistant(e) de direction", "gestionnaire administratif(ve)", "chargé(e) d'accueil des usagers", "secrétaire administratif(ve)"], ["Accueillir et renseigner les usagers", "Gérer le courrier et les agendas", "Préparer les réunions et rédiger les comptes rendus", "Instruire des dossiers administratifs"]),
    "achats": (5, ["acheteur(se) public(que)", "assistant(e) marchés publics"], ["Rédiger les pièces des marchés publics", "Analyser les offres des entreprises", "Suivre l'exécution des marchés"]),
    "environnement": (6, ["chargé(e) de mission transition écologique", "technicien(ne) environnement", "chargé(e) d'études biodiversité"], ["Suivre les indicateurs de la transition écologique", "Réaliser des inventaires de biodiversité", "Accompagner les collectivités dans leurs projets durables"]),
    "batiment": (4, ["technicien(ne) bâtiment", "dessinateur(trice) projeteur(se)", "conducteur(trice) de travaux"], ["Suivre les chantiers de rénovation énergétique", "Réaliser des plans et des métrés", "Contrôler la conformité des travaux"]),
    "culture": (4, ["médiateur(trice) culturel(le)", "chargé(e) de collections", "assistant(e) de conservation du patrimoine"], ["Accueillir les publics et concevoir des visites", "Inventorier et documenter les collections", "Participer au montage d'expositions"]),
    "defense-securite": (5, ["analyste sécurité", "assistant(e) de prévention", "chargé(e) de la sécurité des sites"], ["Analyser les risques et proposer des mesures de prévention", "Participer aux exercices de sécurité", "Suivre les plans de continuité d'activité"]),
    "education": (4, ["assistant(e) d'éducation", "chargé(e) d'ingénierie pédagogique", "conseiller(ère) en insertion"], ["Concevoir des modules de formation en ligne", "Accompagner des élèves dans leur scolarité", "Participer à l'orientation des jeunes"]),
    "sante-social": (5, ["assistant(e) social(e)", "chargé(e) de prévention santé", "conseiller(ère) en économie sociale et familiale"], ["Accompagner les agents en difficulté", "Mener des actions de prévention en santé", "Instruire des demandes d'aide sociale"]),
    "logistique": (3, ["gestionnaire logistique", "technicien(ne) de maintenance", "magasinier(ère)"], ["Gérer les stocks et les approvisionnements", "Assurer la maintenance des équipements", "Organiser les déménagements de services"]),
    "international": (3, ["chargé(e) de coopération internationale", "assistant(e) affaires européennes"], ["Préparer des missions de coopération", "Suivre les dossiers européens", "Rédiger des notes de synthèse sur les pays partenaires"]),
    "recherche": (3, ["chargé(e) d'études statistiques", "assistant(e) de recherche", "économiste"], ["Exploiter des enquêtes statistiques", "Rédiger des publications d'études", "Participer à des projets de recherche appliquée"]),
    "agriculture": (3, ["technicien(ne) agricole", "chargé(e) de contrôle sanitaire", "assistant(e) ingénieur(e) forestier(ère)"], ["Contrôler la sécurité sanitaire des aliments", "Accompagner les exploitations agricoles", "Suivre la gestion durable des forêts"]),
}  # fmt: skip

# administration code: (weight, label, e-mail domain, web site, services, employer sentence)
_ADMINISTRATIONS: dict[str, tuple[int, str, str, str, list[str], str]] = {
    "interieur": (14, "Ministère de l'Intérieur", "interieur.gouv.fr", "https://www.interieur.gouv.fr", ["Préfecture de {department}", "Direction générale de la gendarmerie nationale", "Direction générale de la police nationale", "Agence nationale des titres sécurisés"], "Le ministère de l'Intérieur garantit la sécurité des personnes et des biens et l'exercice des libertés publiques sur tout le territoire."),
    "economie": (13, "Ministère de l'Économie et des Finances", "finances.gouv.fr", "https://www.economie.gouv.fr", ["Direction générale des Finances publiques", "Direction générale des douanes et droits indirects", "Institut national de la statistique et des études économiques (Insee)", "Direction régionale des finances publiques de {region}"], "Les ministères économiques et financiers conçoivent et mettent en œuvre les politiques économiques, budgétaires et fiscales de l'État."),
    "armees": (10, "Ministère des Armées", "intradef.gouv.fr", "https://www.defense.gouv.fr", ["Direction générale de l'armement", "Service de santé des armées", "Secrétariat général pour l'administration", "Service du commissariat des armées"], "Le ministère des Armées prépare et met en œuvre la politique de défense ; il emploie plus de 60 000 civils aux côtés des militaires."),
    "justice": (8, "Ministère de la Justice", "justice.gouv.fr", "https://www.justice.gouv.fr", ["Direction de l'administration pénitentiaire", "Tribunal judiciaire de {city}", "Direction de la protection judiciaire de la jeunesse", "Cour d'appel de {city}"], "Le ministère de la Justice assure le bon fonctionnement du service public de la justice et l'exécution des décisions de justice."),
    "education": (8, "Ministère de l'Éducation nationale", "ac-{academy}.fr", "https://www.education.gouv.fr", ["Rectorat de l'académie de {city}", "Direction des services départementaux de l'éducation nationale de {department}", "Centre d'information et d'orientation de {city}"], "Le ministère de l'Éducation nationale organise l'enseignement des écoles, collèges et lycées et accompagne plus d'un million d'agents."),
    "enseignement-superieur": (4, "Ministère de l'Enseignement supérieur et de la Recherche", "enseignementsup-recherche.gouv.fr", "https://www.enseignementsup-recherche.gouv.fr", ["Centre régional des œuvres universitaires et scolaires de {city}", "Direction générale de la recherche et de l'innovation"], "Le ministère de l'Enseignement supérieur et de la Recherche pilote les universités, les organismes de recherche et la vie étudiante."),
    "culture": (5, "Ministère de la Culture", "culture.gouv.fr", "https://www.culture.gouv.fr", ["Direction régionale des affaires culturelles de {region}", "Archives nationales", "Bibliothèque nationale de France", "Centre des monuments nationaux"], "Le ministère de la Culture protège et valorise le patrimoine et soutient la création artistique sur tout le territoire."),
    "transition-ecologique": (7, "Ministère de la Transition écologique", "developpement-durable.gouv.fr", "https://www.ecologie.gouv.fr", ["Direction régionale de l'environnement, de l'aménagement et du logement de {region}", "Direction départementale des territoires de {department}", "Office français de la biodiversité", "Météo-France"], "Le ministère de la Transition écologique prépare et met en œuvre la politique du Gouvernement en matière d'environnement, d'énergie et de transports."),
    "agriculture": (5, "Ministère de l'Agriculture et de la Souveraineté alimentaire", "agriculture.gouv.fr", "https://agriculture.gouv.fr", ["Direction départementale de la protection des populations de {department}", "Direction régionale de l'alimentation, de l'agriculture et de la forêt de {region}", "Office national des forêts"], "Le ministère de l'Agriculture et de la Souveraineté alimentaire accompagne les filières agricoles et veille à la sécurité sanitaire de l'alimentation."),
    "travail-sante": (6, "Ministère du Travail, de la Santé et des Solidarités", "sante.gouv.fr", "https://sante.gouv.fr", ["Agence régionale de santé {region}", "Direction régionale de l'économie, de l'emploi, du travail et des solidarités de {region}", "France Travail"], "Les ministères sociaux portent les politiques du travail, de l'emploi, de la santé et des solidarités."),
    "affaires-etrangeres": (4, "Ministère de l'Europe et des Affaires étrangères", "diplomatie.gouv.fr", "https://www.diplomatie.gouv.fr", ["Direction des Français à l'étranger", "Centre de crise et de soutien", "Archives diplomatiques"], "Le ministère de l'Europe et des Affaires étrangères conduit la politique étrangère de la France et anime son réseau diplomatique."),
    "premier-ministre": (2, "Services du Premier ministre", "pm.gouv.fr", "https://www.gouvernement.fr", ["Secrétariat général du Gouvernement", "Direction interministérielle du numérique", "Agence nationale de la sécurité des systèmes d'information"], "Les services du Premier ministre assurent la coordination du travail gouvernemental et portent des missions interministérielles."),
    "fonction-publique": (2, "Ministère de la Transformation et de la Fonction publiques", "fonction-publique.gouv.fr", "https://www.fonction-publique.gouv.fr", ["Direction générale de l'administration et de la fonction publique", "Direction interministérielle de la transformation publique"], "Le ministère de la Transformation et de la Fonction publiques définit la politique de ressources humaines de l'État."),
}  # fmt: skip

# (city, department code, weight, academy) — each city sits in its true department.
_CITIES: list[tuple[str, str, int, str]] = [
    ("Paris", "75", 30, "paris"), ("Lyon", "69", 8, "lyon"), ("Marseille", "13", 7, "aix-marseille"),
    ("Toulouse", "31", 6, "toulouse"), ("Nantes", "44", 5, "nantes"), ("Rennes", "35", 5, "rennes"),
    ("Lille", "59", 5, "lille"), ("Strasbourg", "67", 4, "strasbourg"), ("Bordeaux", "33", 5, "bordeaux"),
    ("Montpellier", "34", 4, "montpellier"), ("Nice", "06", 3, "nice"), ("Metz", "57", 3, "nancy-metz"),
    ("Orléans", "45", 3, "orleans-tours"), ("Dijon", "21", 2, "dijon"), ("Rouen", "76", 3, "normandie"),
    ("Caen", "14", 2, "normandie"), ("Clermont-Ferrand", "63", 2, "clermont"), ("Limoges", "87", 1, "limoges"),
    ("Poitiers", "86", 2, "poitiers"), ("Ajaccio", "2A", 1, "corse"), ("Fort-de-France", "972", 1, "martinique"),
    ("Saint-Denis", "974", 1, "reunion"), ("Versailles", "78", 4, "versailles"), ("Créteil", "94", 3, "creteil"),
    ("Nanterre", "92", 3, "versailles"), ("Bobigny", "93", 2, "creteil"), ("Évry-Courcouronnes", "91", 2, "versailles"),
    ("Besançon", "25", 2, "besancon"), ("Amiens", "80", 2, "amiens"), ("Reims", "51", 2, "reims"),
    ("Tours", "37", 2, "orleans-tours"), ("Angers", "49", 2, "nantes"), ("Brest", "29", 2, "rennes"),
    ("Grenoble", "38", 3, "grenoble"), ("Saint-Étienne", "42", 1, "lyon"), ("Perpignan", "66", 1, "montpellier"),
    ("Nîmes", "30", 1, "montpellier"), ("Pau", "64", 1, "bordeaux"), ("La Rochelle", "17", 1, "poitiers"),
    ("Cayenne", "973", 1, "guyane"),
]  # fmt: skip

# (country code, city, « en/au » form, weight)
_ABROAD: list[tuple[str, str, str, int]] = [
    ("DE", "Berlin", "en Allemagne", 3), ("ES", "Madrid", "en Espagne", 2), ("IT", "Rome", "en Italie", 2),
    ("BE", "Bruxelles", "en Belgique", 3), ("GB", "Londres", "au Royaume-Uni", 2),
    ("US", "Washington", "aux États-Unis", 2), ("CA", "Ottawa", "au Canada", 1), ("MA", "Rabat", "au Maroc", 1),
    ("SN", "Dakar", "au Sénégal", 1), ("JP", "Tokyo", "au Japon", 1), ("BR", "Brasília", "au Brésil", 1),
]  # fmt: skip

_FIRST_NAMES = ["Camille", "Julien", "Sophie", "Nicolas", "Amina", "Thomas", "Claire", "Karim", "Léa", "Mathieu", "Nadia", "Pierre", "Élodie", "Yann", "Fatou", "Hélène"]  # fmt: skip
_LAST_NAMES = ["Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Laurent", "Garcia", "Roux", "Fontaine", "Benali", "Lambert", "Girard", "Nguyen", "Mercier", "Diallo", "Caron"]  # fmt: skip

# Diploma level weights per type, niveau 3 to 8.
_LEVEL_WEIGHTS = {
    OfferType.APPRENTISSAGE: [12, 18, 26, 24, 18, 2],
    OfferType.STAGE: [2, 5, 18, 30, 40, 5],
}
_LEVELS = ["3", "4", "5", "6", "7", "8"]
_STUDIES = {
    "3": "un CAP ou un BEP",
    "4": "un baccalauréat professionnel",
    "5": "un BTS ou un BUT",
    "6": "une licence professionnelle ou un bachelor",
    "7": "un master ou un diplôme d'ingénieur",
    "8": "un doctorat",
}


class _Generator:
    def __init__(self, seed: int, today: date, *, anywhere: bool = False) -> None:
        self.random = random.Random(seed)
        self.today = today
        self.anywhere = anywhere
        self.domain_codes = list(_DOMAINS)
        self.domain_weights = [_DOMAINS[c][0] for c in self.domain_codes]
        self.admin_codes = list(_ADMINISTRATIONS)
        self.admin_weights = [_ADMINISTRATIONS[c][0] for c in self.admin_codes]
        self.city_weights = [c[2] for c in _CITIES]
        self.abroad_weights = [c[3] for c in _ABROAD]

    def _pick(self, items: list[str], weights: list[int]) -> str:
        return self.random.choices(items, weights)[0]

    def offer(self, offer_type: OfferType, abroad: bool) -> OfferDraft:
        r = self.random
        domain = self._pick(self.domain_codes, self.domain_weights)
        _, titles, missions = _DOMAINS[domain]
        job = r.choice(titles)
        level = self._pick(_LEVELS, _LEVEL_WEIGHTS[offer_type])
        department: str | None
        region: str | None
        commune: geography.Commune | None = None
        if abroad:
            country, city, preposition, _ = r.choices(_ABROAD, self.abroad_weights)[0]
            administration = r.choice(["affaires-etrangeres"] * 3 + ["economie"])
            service_name = (
                f"Ambassade de France {preposition}"
                if administration == "affaires-etrangeres"
                else f"Service économique régional {preposition}"
            )
            department = region = None
            workplace = city.upper()
            academy = "paris"
        else:
            city, department, _, academy = r.choices(_CITIES, self.city_weights)[0]
            if self.anywhere:
                communes, weights = _populated_communes()
                commune = r.choices(communes, cum_weights=weights)[0]
                city, department = commune.name, commune.department_code
            else:
                commune = commune_named(city, department)
            country = geography.FRANCE
            found = geography.department(department)
            assert found is not None, department
            region = found.region_code
            found_region = geography.region(region)
            administration = self._pick(self.admin_codes, self.admin_weights)
            service_name = r.choice(_ADMINISTRATIONS[administration][4]).format(
                city=city,
                department=found.name,
                region=found_region.name if found_region else city,
            )
            workplace = city.upper()
            if city == "Paris":
                district = r.randint(1, 20)
                workplace = f"PARIS {district}{'er' if district == 1 else 'e'}"
        _, admin_label, mail_domain, site, _, sentence = _ADMINISTRATIONS[administration]
        prefix = (
            "Apprenti(e)"
            if offer_type is OfferType.APPRENTISSAGE
            else r.choice(["Stagiaire", "Stage –"])
        )
        chosen_missions = r.sample(missions, k=min(len(missions), r.randint(2, 4)))
        first, last = r.choice(_FIRST_NAMES), r.choice(_LAST_NAMES)
        mailbox = r.choice(["recrutement", "stages", "apprentissage", "rh"])
        email = f"{mailbox}@{mail_domain.format(academy=academy)}"
        duration = (
            f"{r.choice([1, 2, 3])} ans"
            if offer_type is OfferType.APPRENTISSAGE
            else f"{r.choice([2, 3, 4, 6])} mois"
        )
        start = self.today.replace(day=1)
        for _ in range(r.randint(1, 6)):
            start = (start + timedelta(days=32)).replace(day=1)
        quality = r.choice(
            [
                "<li>Vous aimez travailler en équipe.</li>",
                "<li>Vous êtes rigoureux(se) et organisé(e).</li>",
                "<li>Vous avez le sens du service public.</li>",
            ]
        )
        phone = " ".join(f"{r.randint(0, 99):02d}" for _ in range(4))
        return OfferDraft(
            type=offer_type,
            title=f"{prefix} {job} (F/H)",
            diploma_level=level,
            domain=domain,
            administration=administration,
            service=f"{admin_label} - {service_name}",
            employer_description=f"<p>{sentence} Vous rejoindrez le service « {service_name} »"
            f" à {city}.</p>",
            post_description="<p>Au sein de l'équipe, vous serez accompagné(e) par un tuteur"
            f" ou une tutrice pendant {duration}. Vos missions :</p><ul>"
            + "".join(f"<li>{m}.</li>" for m in chosen_missions)
            + "</ul>",
            profile=f"<ul><li>Vous préparez {_STUDIES[level]}.</li>{quality}"
            "<li>Vous faites preuve de curiosité et d'autonomie.</li></ul>",
            additional_information="<p>Envoyez votre CV et votre lettre de motivation à"
            f' <a href="mailto:{email}">{email}</a>.</p>',
            comments=r.choice(["", "", "Poste accessible aux personnes en situation de handicap."]),
            workplace=workplace,
            city=city,
            commune_code=commune.code if commune else None,
            department_code=department,
            region_code=region,
            country_code=country,
            contract_start=start,
            duration=duration,
            contact_name=f"{first} {last}",
            contact_email=email,
            contact_phone=f"0{r.randint(1, 5)} {phone}" if r.random() < 0.5 else "",
            contact_url=site if r.random() < 0.3 else "",
            expires_on=self.today + timedelta(days=r.randint(10, 120)),
        )


@cache
def _populated_communes() -> tuple[list[geography.Commune], list[int]]:
    """Every commune with its cumulated population: a draw weighted by population."""
    communes = list(geography.communes())
    return communes, list(itertools.accumulate(max(1, c.population) for c in communes))


def generate_offers(
    *,
    apprenticeships: int = 24,
    stages: int = 53,
    seed: int = 2021,
    today: date,
    anywhere: bool = False,
) -> list[OfferDraft]:
    """Offers open today, types shuffled; about one stage in ten is abroad. In France they are
    in about forty large towns, or, `anywhere`, in any commune, drawn by population (for the
    benchmarks of searches by place)."""
    generator = _Generator(seed, today, anywhere=anywhere)
    types = [OfferType.APPRENTISSAGE] * apprenticeships + [OfferType.STAGE] * stages
    generator.random.shuffle(types)
    return [
        generator.offer(t, abroad=t is OfferType.STAGE and generator.random.random() < 0.1)
        for t in types
    ]


def generate_expired_offers(*, count: int = 3, seed: int, today: date) -> list[OfferDraft]:
    """Offers whose end date has passed: still readable at their address."""
    generator = _Generator(seed + 1, today)
    drafts = []
    for position in range(count):
        offer_type = OfferType.STAGE if position % 2 else OfferType.APPRENTISSAGE
        draft = generator.offer(offer_type, abroad=False)
        draft.expires_on = today - timedelta(days=generator.random.randint(1, 30))
        drafts.append(draft)
    return drafts
