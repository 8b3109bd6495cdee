//! The French messages of a configuration that does not read, parse or mean anything.

use super::*;

#[test]
fn byte_order_mark_and_non_utf8_file() {
    assert!(parse("\u{feff}[comptabilite]\nexports = [\"a\"]\n", &path()).is_ok());
    let dir = tempfile::tempdir().expect("test setup");
    std::fs::write(
        dir.path().join("rappro.toml"),
        b"[comptabilite]\n# \xe9t\xe9\n",
    )
    .expect("test setup");
    match load(dir.path()) {
        Err(Error::Config { message, .. }) => assert_eq!(
            message,
            "le fichier n'est pas en UTF-8 : ré-enregistrez-le en UTF-8"
        ),
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn missing_file_says_how_to_create_one() {
    let dir = tempfile::tempdir().expect("test setup");
    match load(dir.path()) {
        Err(Error::Config { path, message }) => {
            assert_eq!(path, dir.path().join("rappro.toml"));
            let shown = dir.path().display();
            assert_eq!(
                message,
                format!(
                    "fichier rappro.toml introuvable dans {shown} : lancez « rappro init {shown} » pour en créer un"
                )
            );
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[test]
fn toml_errors_name_the_key_and_the_line() {
    let cases = [
        (
            base_with(
                "format = \"ovh-json\"",
                "format = \"ovh-json\"\ncompte = [\"604A\"]",
            ),
            "ligne 13 : clé inconnue « compte » dans [fournisseurs] (clés possibles : id, nom, comptes, factures, format, colonnes)",
        ),
        (
            format!("{BASE}\n[tolerance]\njours = 3\n"),
            "ligne 18 : clé inconnue « tolerance » (clés possibles : exercice, comptabilite, projets, fournisseurs, regles, tolerances)",
        ),
        (
            base_with("comptes = [\"604A\"]\n", ""),
            "ligne 8 : clé obligatoire « comptes » manquante dans [fournisseurs]",
        ),
        (
            "[[projets]]\nnom = \"X\"\n".to_owned(),
            "clé obligatoire « comptabilite » manquante",
        ),
        (
            base_with("comptes = [\"604A\"]", "comptes = \"604A\""),
            "ligne 10 : la clé « comptes » dans [fournisseurs] doit être une liste entre crochets, par exemple [\"…\"] (trouvé : le texte \"604A\")",
        ),
        (
            format!("{BASE}\n[tolerances]\njours = \"21\"\n"),
            "ligne 19 : la clé « jours » dans [tolerances] doit être un nombre entier (trouvé : le texte \"21\")",
        ),
        (
            base_with("id = \"ovh\"", "id = 12"),
            "ligne 9 : la clé « id » dans [fournisseurs] doit être un texte entre guillemets, par exemple \"…\" (trouvé : le nombre 12)",
        ),
        (
            base_with("format = \"ovh-json\"", "format = ovh-json"),
            "ligne 12 : erreur de syntaxe TOML : les textes doivent être entre guillemets, par exemple nom = \"OVH\"",
        ),
        (
            base_with("[comptabilite]", "[comptabilite"),
            "ligne 1 : erreur de syntaxe TOML : crochet fermant « ] » manquant dans l'en-tête de table",
        ),
        (
            base_with("id = \"ovh\"", "id = \"ovh\"\nid = \"kimsufi\""),
            "ligne 10 : erreur de syntaxe TOML : clé « id » en double",
        ),
    ];
    assert_errors(&cases);
}

#[test]
fn meaning_errors_name_the_key_and_the_line() {
    let cases = [
        (
            format!("[exercice]\ndebut = \"2024-13-01\"\nfin = \"2024-12-31\"\n{BASE}"),
            "ligne 2 : la clé « debut » n'est pas une date valide : « 2024-13-01 » (formats acceptés : AAAA-MM-JJ ou JJ/MM/AAAA)",
        ),
        (
            format!("[exercice]\ndebut = \"2024-01-01\"\nfin = \"31/12/2023\"\n{BASE}"),
            "ligne 3 : la clé « fin » (31/12/2023) précède « debut » (01/01/2024) : l'exercice doit finir après avoir commencé",
        ),
        (
            format!("[exercice]\ndebut = 2024\nfin = \"31/12/2024\"\n{BASE}"),
            "ligne 2 : la clé « debut » doit être une date entre guillemets, par exemple \"2024-01-01\" (trouvé : 2024)",
        ),
        (
            base_with(
                "exports = [\"paheko/*.csv\"]",
                "exports = [\"paheko/*.csv\"]\nmontants = \"HTT\"",
            ),
            "ligne 3 : la clé « montants » vaut « HTT » : valeurs possibles « TTC » ou « HT »",
        ),
        (
            base_with("exports = [\"paheko/*.csv\"]", "exports = []"),
            "ligne 2 : la clé « exports » est vide : indiquez-en au moins un, par exemple exports = [\"paheko/*.csv\"]",
        ),
        (
            base_with("id = \"ovh\"", "id = \"OVH\""),
            "ligne 9 : la clé « id » vaut « OVH » : un identifiant ne contient que des minuscules sans accents, des chiffres, « _ » et « - » (par exemple « ovh »)",
        ),
        (
            format!(
                "{BASE}\n[[fournisseurs]]\nid = \"ovh\"\ncomptes = [\"604F\"]\nfactures = [\"k.csv\"]\nformat = \"ovh-csv\"\n"
            ),
            "ligne 19 : la clé « id » vaut « ovh », déjà utilisé ligne 9 : chaque fournisseur a son propre identifiant",
        ),
        (
            base_with("comptes = [\"604A\"]", "comptes = []"),
            "ligne 10 : la clé « comptes » est vide : indiquez-en au moins un, par exemple comptes = [\"604A\"]",
        ),
        (
            base_with("format = \"ovh-json\"", "format = \"pdf\""),
            "ligne 12 : la clé « format » vaut « pdf » : formats possibles « ovh-json », « ovh-csv » ou « colonnes »",
        ),
        (
            base_with("format = \"ovh-json\"", "format = \"colonnes\""),
            "ligne 12 : le fournisseur « ovh » a format = \"colonnes\" : ajoutez une table [fournisseurs.colonnes] avec au moins numero, date et montant_ttc",
        ),
        (
            base_with(
                "format = \"ovh-json\"",
                "format = \"ovh-json\"\n[fournisseurs.colonnes]\nnumero = \"N\"\ndate = \"D\"\nmontant_ttc = \"M\"",
            ),
            "ligne 13 : la table [fournisseurs.colonnes] du fournisseur « ovh » ne sert qu'avec format = \"colonnes\" (ici « ovh-json ») : retirez-la ou changez le format",
        ),
        (
            base_with(
                "format = \"ovh-json\"",
                "format = \"colonnes\"\n[fournisseurs.colonnes]\nnumero = \"N\"\ndate = \"D\"",
            ),
            "ligne 13 : clé obligatoire « montant_ttc » manquante dans [fournisseurs.colonnes]",
        ),
        (
            base_with(
                "service = \"ns3111630.ip-51-77-214.eu\"",
                "service = \"a\"\nmotif = \"b*\"",
            ),
            "ligne 16 : une règle a soit « service » (nom exact), soit « motif » (avec * et ?), pas les deux",
        ),
        (
            base_with("service = \"ns3111630.ip-51-77-214.eu\"\n", ""),
            "ligne 14 : la règle n'a ni « service » (nom exact) ni « motif » (avec * et ?) : indiquez l'un des deux",
        ),
        (
            base_with("projet = \"BL_EVOLUTION\"", "projet = \"BL-Evolution\""),
            "ligne 16 : la clé « projet » vaut « BL-Evolution » : ce projet n'est pas déclaré dans [[projets]] (projets déclarés : BL-Évolution)",
        ),
        (
            base_with("[[regles]]", "[[regles]]\nfournisseur = \"ovhh\""),
            "ligne 15 : la clé « fournisseur » vaut « ovhh » : aucun fournisseur n'a cet identifiant (identifiants déclarés : ovh)",
        ),
        (
            format!("{BASE}\n[tolerances]\njours = -1\n"),
            "ligne 19 : la clé « jours » doit être positive ou nulle (trouvé : -1)",
        ),
        (
            format!("{BASE}\n[tolerances]\nmontant = \"-0,10\"\n"),
            "ligne 19 : la clé « montant » doit être positive ou nulle (trouvé : -0,10)",
        ),
        (
            format!("{BASE}\n[tolerances]\narrondi_projet = \"un centime\"\n"),
            "ligne 19 : la clé « arrondi_projet » n'est pas un montant : « un centime » (par exemple \"0,50\")",
        ),
        (
            base_with(
                "alias = [\"BL_EVOLUTION\"]",
                "alias = [\"BL_EVOLUTION\"]\n\n[[projets]]\nnom = \"Camp\"\nalias = [\"BL_EVOLUTION\"]",
            ),
            "ligne 10 : l'alias « BL_EVOLUTION » désigne déjà le projet « BL-Évolution »",
        ),
        (
            base_with(
                "alias = [\"BL_EVOLUTION\"]",
                "alias = [\"BL_EVOLUTION\"]\n\n[[projets]]\nnom = \"BL-Évolution\"",
            ),
            "ligne 9 : le projet « BL-Évolution » est déclaré deux fois (ou est l'alias d'un autre projet)",
        ),
    ];
    assert_errors(&cases);
}

#[test]
fn error_display_names_the_file() {
    let err = parse("[[projets]]\nnom = \"X\"\n", &path()).expect_err("an error");
    assert_eq!(
        err.to_string(),
        "/asso/rappro.toml: configuration invalide : clé obligatoire « comptabilite » manquante"
    );
}

/// The sample folder's files, as `rappro init` would give them.
#[test]
fn deep_nesting_is_a_french_error_not_a_stack_overflow() {
    for text in [
        format!(
            "[comptabilite]\nexports = {}{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
        format!(
            "[comptabilite]\nexports = [\"x\"]\nz = {}1{}\n",
            "{a=".repeat(100_000),
            "}".repeat(100_000)
        ),
        format!(
            "[comptabilite]\nexports = [\"x\"]\n[{}b]\n",
            "a.".repeat(100_000)
        ),
    ] {
        let message = error(&text);
        assert!(
            message.ends_with(
                "listes ou tables imbriquées trop profondément : ce n'est pas une configuration rappro"
            ),
            "{message}"
        );
    }
    let decisions = format!(
        "[[decision]]\ntype = {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let err = parse_decisions(&decisions, Path::new("decisions.toml")).expect_err("too deep");
    assert!(
        err.to_string().contains("imbriquées trop profondément"),
        "{err}"
    );
}

/// Each configuration text gives its French error message; every wrong one is listed at once.
fn assert_errors(cases: &[(String, &str)]) {
    let wrong: Vec<String> = cases
        .iter()
        .filter(|(text, expected)| error(text) != *expected)
        .map(|(text, expected)| {
            format!(
                "{text}\n  got:      {}\n  expected: {expected}",
                error(text)
            )
        })
        .collect();
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}
