"""The demo catalogue: invented films, people and projects, written in French."""

GENRES = [
    ("drame", "Drame", "Drama"),
    ("comedie", "Comédie", "Comedy"),
    ("documentaire", "Documentaire", "Documentary"),
    ("romance", "Romance", "Romance"),
    ("thriller", "Thriller", "Thriller"),
    ("animation", "Animation", "Animation"),
    ("historique", "Historique", "Historical"),
    ("jeunesse", "Jeunesse", "Family"),
]

PEOPLE = {
    "afi": "Afi Mensah", "kossi": "Kossi Agbodjan", "mariam": "Mariam Traoré",
    "ousmane": "Ousmane Diallo", "awa": "Awa Ndiaye", "kwame": "Kwame Asante",
    "chidi": "Chidi Okafor", "fatou": "Fatou Sow", "yao": "Yao Kouassi",
    "nafi": "Nafissatou Barry", "edem": "Edem Kpodar", "aicha": "Aïcha Ouédraogo",
    "samuel": "Samuel Ekwueme", "rokia": "Rokia Keïta", "komi": "Komi Adjovi",
    "esi": "Esi Boateng", "moussa": "Moussa Camara", "abla": "Abla Tettey",
}

# slug, title, year, country, language, genres, director, cast, synopsis
FILMS = [
    ("le-marche-d-assigame", "Le marché d'Assigamé", 2023, "TG", "éwé, français", ["drame"], "afi", ["abla", "komi"],
     "Au grand marché de Lomé, Dédé vend des pagnes depuis trente ans. Quand un centre commercial menace son étal, elle réunit les revendeuses pour défendre leur place et leur dignité."),
    ("la-pirogue-de-kossi", "La pirogue de Kossi", 2021, "TG", "mina", ["drame", "jeunesse"], "kossi", ["edem"],
     "Un garçon d'Aného répare seul la pirogue de son père disparu en mer. Entre l'école et la lagune, il apprend que la mer rend parfois ce qu'elle a pris."),
    ("harmattan", "Harmattan", 2022, "BF", "mooré", ["drame"], "aicha", ["moussa"],
     "Pendant la saison sèche, une institutrice arrive dans un village du Sahel où l'école a fermé. Le vent de sable couvre tout, sauf la volonté des enfants d'apprendre."),
    ("cinema-du-quartier", "Le cinéma du quartier", 2020, "BJ", "fon, français", ["comedie", "documentaire"], "komi", ["yao"],
     "À Cotonou, un vieux projectionniste rouvre le cinéma de son quartier avec un drap, un projecteur et un groupe électrogène. Chaque soir, la rue entière vient voir des films."),
    ("les-enfants-du-baobab", "Les enfants du baobab", 2019, "SN", "wolof", ["jeunesse", "animation"], "awa", [],
     "Sous le baobab du village, une grand-mère raconte aux enfants l'histoire du lièvre malin qui voulait compter les étoiles. Un conte animé aux couleurs du Sine-Saloum."),
    ("nuit-a-abidjan", "Nuit à Abidjan", 2024, "CI", "français, nouchi", ["thriller"], "yao", ["chidi", "fatou"],
     "Un chauffeur de woro-woro accepte une dernière course avant l'aube. Sa passagère transporte une mallette que toute la ville semble chercher."),
    ("kente", "Kente", 2018, "GH", "twi, anglais", ["documentaire", "historique"], "kwame", [],
     "À Bonwire, les tisserands font naître le kente fil après fil. Trois générations racontent ce que chaque motif veut dire et ce que la mode en fait."),
    ("lagos-deadline", "Lagos Deadline", 2023, "NG", "anglais, yoruba", ["thriller", "drame"], "chidi", ["samuel"],
     "Une journaliste de Lagos a vingt-quatre heures pour prouver qu'un chantier cache un détournement. Dans les embouteillages, chaque minute compte."),
    ("la-griotte", "La griotte", 2017, "ML", "bambara", ["drame", "historique"], "rokia", ["mariam"],
     "Fille de griot, Nana refuse de chanter les louanges des puissants. Sa voix devient celle des femmes de Ségou, au risque de tout perdre."),
    ("amour-a-kpalime", "Amour à Kpalimé", 2022, "TG", "éwé, français", ["romance", "comedie"], "edem", ["abla", "komi"],
     "Un citadin de Lomé hérite d'une plantation de café à Kpalimé. Il veut la vendre vite, mais la cheffe de la coopérative a d'autres projets pour lui."),
    ("le-dernier-train", "Le dernier train", 2016, "CM", "français", ["drame", "historique"], "samuel", ["moussa"],
     "En 1960, un cheminot de Douala conduit le dernier train avant l'indépendance. Un voyage de deux jours où le pays entier semble changer de visage."),
    ("fatou-et-le-football", "Fatou et le football", 2024, "SN", "wolof, français", ["comedie", "jeunesse"], "fatou", ["awa"],
     "Fatou, douze ans, veut jouer dans l'équipe des garçons de Rufisque. Elle se coupe les cheveux et se fait appeler Modou. Le tournoi commence lundi."),
    ("voix-de-femmes", "Voix de femmes", 2021, "BF", "dioula, français", ["documentaire"], "nafi", [],
     "Des animatrices de radios communautaires du Burkina Faso parlent santé, droits et récoltes. Un documentaire sur le pouvoir d'un micro dans un village."),
    ("l-or-de-la-falaise", "L'or de la falaise", 2019, "ML", "dogon, français", ["historique", "drame"], "moussa", ["rokia"],
     "Au pays dogon, un jeune guide découvre qu'un marchand pille les greniers anciens de la falaise de Bandiagara. Il doit choisir entre l'argent et ses ancêtres."),
    ("tchakpalo", "Tchakpalo", 2023, "TG", "kabiyè, français", ["comedie"], "komi", ["edem", "abla"],
     "À Kara, trois amies ouvrent un maquis où l'on sert le meilleur tchakpalo de la ville. Le succès attire un rival sans scrupules et un inspecteur trop curieux."),
    ("sous-le-fromager", "Sous le fromager", 2020, "CI", "baoulé", ["drame", "romance"], "yao", ["fatou"],
     "Deux familles se disputent un champ depuis des années. Leurs enfants, eux, se retrouvent chaque soir sous le grand fromager."),
    ("la-route-de-tamale", "La route de Tamale", 2022, "GH", "dagbani, anglais", ["drame"], "esi", ["kwame"],
     "Un camionneur et sa fille traversent le Ghana du sud au nord pour livrer des ignames. La route raconte un pays et les silences entre eux."),
    ("ecran-noir", "Écran noir", 2018, "BJ", "français", ["thriller"], "komi", ["chidi"],
     "Dans une salle de montage de Porto-Novo, une monteuse découvre sur des rushes une scène qui n'aurait jamais dû être filmée."),
    ("mami-wata", "Les enfants de Mami Wata", 2024, "NG", "igbo, anglais", ["animation", "jeunesse"], "samuel", [],
     "Une sirène des légendes du golfe de Guinée aide deux enfants à nettoyer leur lagune polluée. Un film d'animation pour toute la famille."),
    ("les-tisserandes", "Les tisserandes", 2017, "SN", "pulaar", ["documentaire"], "awa", [],
     "À Podor, une coopérative de femmes tisse des pagnes et finance une école. Un portrait de leur travail, de leurs rires et de leurs comptes."),
    ("retour-a-sokode", "Retour à Sokodé", 2021, "TG", "tem, français", ["drame", "romance"], "afi", ["komi"],
     "Après dix ans à Paris, Rachida revient à Sokodé pour le mariage de sa sœur. Elle retrouve sa ville, sa mère et l'amour qu'elle avait laissé."),
    ("le-prix-du-sel", "Le prix du sel", 2016, "NE", "haoussa", ["historique", "documentaire"], "moussa", [],
     "Les dernières caravanes de sel traversent le Ténéré jusqu'à Bilma. Un voyage de trois semaines filmé au rythme des chameaux."),
    ("conakry-blues", "Conakry Blues", 2023, "GN", "soussou, français", ["romance", "drame"], "nafi", ["mariam"],
     "Un guitariste de Conakry joue chaque nuit dans un bar du port. Une chanteuse venue de Kankan va bouleverser sa musique et sa vie."),
    ("silence-radio", "Silence radio", 2024, "TG", "français", ["thriller", "drame"], "kossi", ["edem", "abla"],
     "Pendant une coupure générale d'internet à Lomé, un technicien d'une radio privée reçoit un appel anonyme qui pourrait changer l'élection."),
    ("la-danse-des-masques", "La danse des masques", 2019, "CI", "sénoufo", ["documentaire", "historique"], "yao", [],
     "À Korhogo, les masques sortent pour les funérailles d'un ancien. Un cinéma d'observation, patient, au cœur d'une tradition vivante."),
    ("petit-taxi", "Petit taxi", 2022, "SN", "wolof, français", ["comedie"], "fatou", ["awa"],
     "Un chauffeur de taxi de Dakar promet à sa femme d'acheter une maison avant la Tabaski. Il lui reste trois semaines et pas un franc."),
]

# film slug, code, title, pitch, goal, raised by, status, funding model, days to go, rewards
PROJECTS = [
    ("le-marche-d-assigame", "ASSIG2", "Les revendeuses, le film", "La suite du Marché d'Assigamé : les revendeuses de Lomé racontées en long métrage.",
     6_000_000, "live", "flexible", 24),
    ("silence-radio", "SILNC2", "Silence radio : la série", "Six épisodes de 26 minutes tournés à Lomé avec des acteurs du quartier.",
     12_000_000, "live", "all_or_nothing", 9),
    ("fatou-et-le-football", "FATOU2", "Fatou capitaine", "Fatou a grandi : elle veut monter la première équipe féminine de Rufisque.",
     4_500_000, "live", "flexible", 41),
    ("harmattan", "HARMA2", "Saison des pluies", "Après Harmattan, la même école, la même institutrice, au temps des pluies.",
     8_000_000, "live", "flexible", 3),
    ("cinema-du-quartier", "CINEQ2", "Un écran par quartier", "Équiper dix quartiers de Cotonou d'un écran et d'un projecteur solaire.",
     2_500_000, "funded", "flexible", -10),
]

REWARDS = [
    ("Merci au générique", "Votre nom dans le générique de fin.", 1_000, None),
    ("Affiche signée", "L'affiche du film signée par l'équipe, envoyée à Lomé ou retirée sur place.", 5_000, 50),
    ("Invitation à l'avant-première", "Deux places pour la projection d'avant-première.", 20_000, 20),
]

BUDGET = [("Écriture et repérages", 12), ("Tournage", 48), ("Montage et son", 25), ("Diffusion", 15)]

CONTRIBUTOR_NAMES = ["Kafui", "Sena", "Ama", "Kodjo", "Yawa", "Mawuli", "Akouvi", "Dzifa", "Elom", "Fiifi", None]
