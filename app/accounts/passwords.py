"""Passwords nobody should choose: the commonest ones, here and elsewhere, and one character repeated.

The list is short on purpose (it ships in the code): the passwords tried first by anyone who
guesses, the keyboard rows of French and English phones, words and places people here pick,
and those words followed by a year or a few digits. Compared without regard to case.
"""

_COMMON = """
123456 1234567 12345678 123456789 1234567890 0123456789 987654321 87654321 9876543210
12341234 12121212 11223344 11112222 12344321 123123123 123321123 147258369 159753159
13579135 01020304 10203040 19691969 20002000 20202020 20212021 20222022 20232023 20242024
20252025 22882288 23456789 98765432 12345679 123654789 741852963 789456123 963852741
password password1 password12 password123 passw0rd p@ssw0rd p@ssword motdepasse
motdepasse1 motdepasse12 motdepasse123 mot2passe motdepass monmotdepasse secret123
qwerty qwerty12 qwerty123 qwertyui qwertyuiop qwerty1234 1q2w3e4r 1q2w3e4r5t 1qaz2wsx
azerty azerty12 azerty123 azertyui azertyuiop azerty1234 a1z2e3r4 a1z2e3r4t5 1a2z3e4r
aqwzsxedc azqswxed wxcvbn123 qsdfghjklm asdfghjkl zxcvbnm123 abcdefgh abcdefghi
abcd1234 abc12345 abc123456 a1b2c3d4 aaaa1111 aa123456 qwe12345 123qweasd 123abc123
iloveyou iloveyou1 iloveyou2 jetaime jetaime1 jetaime123 jetaimetoi jetadore
monamour monamour1 mamour123 mon-amour amoureux amoureuse monbebe monbebe1 bebe1234
sunshine princess princesse princesse1 prince123 dragon123 monkey123 football
football1 baseball superman batman123 starwars whatever letmein trustno1 welcome
welcome1 welcome123 bienvenue bienvenue1 bonjour bonjour1 bonjour123 salut123
soleil soleil123 123soleil chocolat chocolat1 doudou123 chouchou loulou123 nounours
marseille toulouse parisien liberte liberte1 liberte123 freedom1 computer ordinateur
internet internet1 samsung samsung1 samsung123 iphone123 android1 nokia123 tecno123
infinix itel1234 huawei123 facebook facebook1 whatsapp whatsapp1 google123 gmail123
jesus jesus123 jesus1234 jesuschrist jesusmonsauveur jesusestvivant jesuslove
christ123 dieuestbon dieuestgrand dieuestamour dieuaveclui dieuavecmoi dieumerci
mercidieu mercijesus gloireadieu alleluia alleluia1 hallelujah amen1234 emmanuel
emmanuel1 benediction seigneur marie123 josephine allahakbar bismillah inchallah
alhamdoulillah mohamed1 mohammed abdoulaye ibrahim1 moussa12 fatoumata aminata
maman123 mamanjetaime mamancherie papa1234 papamaman mafamille famille1 famille123
mesenfants monfils mafille jumeaux1 frangin1 tonton123 tantine1
africa africa123 afrique afrique1 afrique123 africain africaine westafrica
togo togo1234 togo2024 togolais togolaise togo228 togolome vivelatogo vivelomé
lome lome1234 lomecity lome228 lomé228 kara1234 sokode228 kpalime1 atakpame
aneho1234 dapaong1 tsevie12 badou123 notsé228 mango123 bassar12 tchamba1
eyadema1 eperviers adebayor adebayor4 togocom togocel moov1234 moovafrica mtn12345
flooz123 tmoney123 yas12345 benin123 cotonou1 porto-novo ghana123 accra123
abidjan1 ivoire123 senegal1 dakar123 cameroun douala123 nigeria1 lagos123 burkina1
ouagadougou bamako12 niamey12 conakry1 gabon123 kinshasa congo123 mali1234
niger123 guinee12 karangou karangou1 karangou123 cinema123 film1234 films123
nollywood bollywood hollywood musique1 musique123 chanson1 football228 barcelona
barcelone realmadrid madrid123 chelsea1 arsenal1 liverpool manchester manutd12
juventus psg12345 messi123 messi1010 ronaldo7 cristiano neymar11 mbappe10 zidane10
drogba11 eto1234 sadiomane salah123 pogba123
michael1 jennifer charlie1 jordan23 thomas12 nicolas1 julien12 camille1 sophie12
kossi123 kofi1234 komi1234 koffi123 kodjo123 kwami123 yawo1234 afi12345 ama12345
akossiwa adjoa123 abla1234 afiwa123 ayaba123 mawuli12 mawuena1 sena1234 edem1234
elom1234 kekeli12 yao12345 kouassi1 kouame12 aya12345 espoir12 esperance patience
confiance courage1 victoire victoire1 success1 succes123 reussite reussite1 bonheur
bonheur1 paix1234 lapaix12 sante123 richesse argent123 money123 moneyman business
boss1234 leboss12 chef1234 patron12 king1234 queen123 lovely12 lovelove loveyou1
mylove12 baby1234 sweetheart angel123 ange1234 monange1 etoile12 lumiere1
admin123 administrateur root1234 user1234 utilisateur test1234 testtest demo1234
default1 changeme changez123 azerty00 000000001 111111111 999999999 123456789a
a123456789 1234qwer qwer1234 asdf1234 zaq12wsx !qaz2wsx 1234abcd abcd4321
"""

# Words people build on, then add a year or a few digits to: "togo2024", "jesus228".
_STEMS = ("togo", "lome", "lomé", "azerty", "jesus", "dieu", "amour", "maman", "papa", "afrique",
          "africa", "bonjour", "soleil", "password", "motdepasse", "karangou", "football", "famille")
_ENDINGS = ("1", "12", "123", "1234", "12345", "228", "00", "01", "007", "2000",
            *(str(year) for year in range(1980, 2031)))

COMMON = frozenset(_COMMON.split()) | {stem + ending for stem in _STEMS for ending in _ENDINGS}


def is_common(password):
    return password.lower() in COMMON


def is_one_character(password):
    return len(set(password.lower())) <= 1
