"""Small realistic export files (fictitious people, ``.example`` addresses)."""

from __future__ import annotations

HELLOASSO_HEADER = (
    "Référence commande;Date de la commande;Statut de la commande;Nom adhérent;"
    "Prénom adhérent;Nom payeur;Prénom payeur;Email payeur;Raison sociale;Moyen de paiement;"
    "Tarif;Montant tarif;Code Promo;Montant du code promo;Attestation;Ville"
)
HELLOASSO = (
    HELLOASSO_HEADER
    + "\r\n"
    + "\r\n".join(
        [
            "40211873;12/03/2026 14:30;Validé;DUPONT;Hélène;Dupont;Hélène;"
            "Helene.Dupont@EXEMPLE.example;;Carte bancaire;Adhésion annuelle;29,00;;;"
            "https://www.helloasso.com/attestation/40211873;Bordeaux",
            # One order, two memberships (a couple), same payer.
            "40211874;05/07/2026 09:05;Validé;lefèvre;jean-éric;Lefèvre;Œdipe;"
            "oedipe.lefevre@exemple.example;;Carte bancaire;Adhésion solidaire;5,00;;;;Bègles",
            "40211874;05/07/2026 09:05;Validé;L'HÔTE;ANNE-SOPHIE;Lefèvre;Œdipe;"
            "oedipe.lefevre@exemple.example;;Carte bancaire;Adhésion annuelle;29,00;;;;Bègles",
            '40211990;28/10/2026 17:45;Validé;"de la Tour";Marc;de la Tour;Marc;'
            "marc.delatour@exemple.example;;Chèque;Adhésion annuelle;1 029,00;;;;Talence",
        ]
    )
    + "\r\n"
)

PAHEKO = "\n".join(
    [
        "Numéro de membre,Nom & prénom,Adresse E-Mail,Adresse postale,Code postal,Ville,"
        "Numéro de téléphone,Date d'inscription,Lettre d'information",
        '12,DUPONT Jean,jean.dupont@exemple.example,"12 rue des Lilas\nBâtiment B",33000,'
        "Bordeaux,06 12 34 56 78,15/01/2024,Oui",
        '13,Marie LE GALL,,"3 cours de l\'Yser",33800,Bordeaux,+33 5 56 00 11 22,2025-09-02,Non',
        "14,Luc Martin,luc.martin@exemple.example,,,,0033 7 81 22 33 44,02/09/2025,Oui",
        "",
        "15,Zoé,zoe@exemple.example,,,,,03/09/2025,Non",
    ]
)
