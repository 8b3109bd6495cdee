//! The decisions file (`decisions.toml`): accepted forms and errors naming the rank.

use super::*;

#[test]
fn decisions_parse() {
    let text = r#"
[[decision]]
type = "amount_mismatch"
facture = "FR05139823"
raison = "Avoir de 0,36 € reçu en avril"
par = "Trésorière"
date = "2025-02-10"

[[decision]]
type = "entry_without_invoice"
ecriture = 228
raison = " Facture demandée à Retzo "
date = 2025-02-11
"#;
    let decisions = parse_decisions(text, Path::new("/asso/decisions.toml")).expect("test setup");
    assert_eq!(
        decisions,
        [
            // Located at their `[[decision]]` header's line, not their rank.
            Decision {
                kind: Kind::AmountMismatch,
                invoice: Some("FR05139823".to_owned()),
                entry: None,
                reason: "Avoir de 0,36 € reçu en avril".to_owned(),
                who: "Trésorière".to_owned(),
                date: "2025-02-10".to_owned(),
                source: Source::new(Arc::from("decisions.toml"), 2),
            },
            Decision {
                kind: Kind::EntryWithoutInvoice,
                invoice: None,
                entry: Some("228".to_owned()),
                reason: "Facture demandée à Retzo".to_owned(),
                who: String::new(),
                date: "2025-02-11".to_owned(),
                source: Source::new(Arc::from("decisions.toml"), 9),
            },
        ]
    );
    assert!(
        parse_decisions("", Path::new("d.toml"))
            .expect("test setup")
            .is_empty()
    );
}

#[test]
fn decisions_file_is_optional() {
    let dir = tempfile::tempdir().expect("test setup");
    assert!(load_decisions(dir.path()).expect("test setup").is_empty());
    std::fs::write(
        dir.path().join("decisions.toml"),
        "[[decision]]\ntype = \"wrong_account\"\necriture = \"12\"\nraison = \"ok\"\n",
    )
    .expect("test setup");
    assert_eq!(load_decisions(dir.path()).expect("test setup").len(), 1);
}

#[test]
fn decision_errors_name_the_rank() {
    let first = "[[decision]]\ntype = \"amount_mismatch\"\nfacture = \"F1\"\nraison = \"ok\"\n\n";
    let cases = [
        (
            format!("{first}[[decision]]\ntype = \"amount_mismatch\"\nraison = \"ok\"\n"),
            "décision n° 2 (ligne 6) : indiquez la facture (facture = \"…\") ou l'écriture (ecriture = \"…\") concernée",
        ),
        (
            format!(
                "{first}[[decision]]\ntype = \"amount_mismatch\"\nfacture = \"F2\"\nraison = \"  \"\n"
            ),
            "décision n° 2 (ligne 6) : la clé « raison » est vide : notez pourquoi cet écart est accepté",
        ),
        (
            "[[decision]]\ntype = \"amount_mismatch\"\nfacture = [\"F2\"]\nraison = \"ok\"\n"
                .to_owned(),
            "décision n° 1 (ligne 1) : la clé « facture » doit être un numéro entre guillemets",
        ),
        (
            "[[decision]]\ntype = \"amount_mismatch\"\nfacture = \"F2\"\n".to_owned(),
            "ligne 1 : clé obligatoire « raison » manquante dans [decision]",
        ),
        (
            "[[decisions]]\ntype = \"amount_mismatch\"\n".to_owned(),
            "ligne 1 : clé inconnue « decisions » (clés possibles : decision)",
        ),
    ];
    for (text, expected) in cases {
        match parse_decisions(&text, Path::new("/asso/decisions.toml")) {
            Err(Error::Config { path, message }) => {
                assert_eq!(path, Path::new("/asso/decisions.toml"));
                assert_eq!(message, expected, "for:\n{text}");
            }
            other => panic!("unexpected {other:?} for:\n{text}"),
        }
    }
}
