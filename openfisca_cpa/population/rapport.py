"""Rapport d'une simulation de population : graphiques PNG (matplotlib, Agg) et page HTML autonome en français.

Tout est tiré du fichier de synthèse (JSON) : le rapport peut être refait sans relancer le calcul.
"""

import base64
import html
import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter

COULEURS = {"base": "#1f4e79", "reforme": "#d9822b"}
LIBELLES_SCENARIOS = {"base": "Droit actuel", "reforme": "Réforme"}
LIBELLES_SORTIES = {
    "cpf_solde": "Solde du CPF",
    "cpf_solde_heures": "Solde du CPF en heures",
    "cpf_alimentation": "Alimentation du CPF",
    "cec_solde": "Solde du CEC",
    "cec_alimentation": "Alimentation du CEC",
    "c2p_solde_points": "Solde de points du C2P",
    "c2p_points_acquis": "Points du C2P acquis",
}


def fr(valeur, decimales=0, unite=""):
    """Nombre à la française : espace des milliers, virgule décimale (« 1 234,5 € »)."""
    if valeur is None:
        return "–"
    texte = f"{valeur:,.{decimales}f}".replace(",", " ").replace(".", ",")
    return f"{texte} {unite}".strip() if unite else texte


def pourcent(valeur, decimales=1):
    return "–" if valeur is None else fr(100 * valeur, decimales, "%")


def _libelle(nom):
    return LIBELLES_SORTIES.get(nom, nom)


def _annee_solde(synthese, nom):
    """Année d'analyse d'un solde : la dernière où il est défini (2018 pour cpf_solde_heures)."""
    return synthese["soldes"][nom]["base"].get("annee") or synthese["meta"]["annee_analyse"]


def _unite_solde(synthese, nom):
    annee = str(_annee_solde(synthese, nom))
    lignes = synthese["par_annee"][nom]["base"]
    return lignes.get(annee, {}).get("unite", "")


def _formateur(decimales=0):
    return FuncFormatter(lambda x, _: fr(x, decimales))


def _figure(largeur=8, hauteur=4.5):
    figure, axe = plt.subplots(figsize=(largeur, hauteur), dpi=110, layout="constrained")
    axe.spines[["top", "right"]].set_visible(False)
    axe.grid(axis="y", color="#dddddd", linewidth=0.6)
    axe.set_axisbelow(True)
    return figure, axe


def _sauver(figure, dossier, nom):
    chemin = Path(dossier) / nom
    figure.savefig(chemin)
    plt.close(figure)
    return chemin


def graphique_distribution(synthese, nom, dossier):
    donnees = synthese["soldes"][nom]
    unite = _unite_solde(synthese, nom)
    annee = _annee_solde(synthese, nom)
    figure, axe = _figure()
    for scenario in synthese["meta"]["scenarios"]:
        histogramme = donnees[scenario]["histogramme"]
        bords, poids = histogramme["bords"], histogramme["poids"]
        total = sum(poids) or 1
        axe.stairs(
            [100 * p / total for p in poids],
            bords,
            fill=scenario == "base",
            alpha=0.45 if scenario == "base" else 1,
            color=COULEURS[scenario],
            linewidth=2,
            label=LIBELLES_SCENARIOS[scenario],
        )
        mediane = donnees[scenario]["deciles"][4]
        if mediane is not None:
            axe.axvline(mediane, color=COULEURS[scenario], linestyle=":", linewidth=1.2)
    axe.set_title(f"{_libelle(nom)} au 31 décembre {annee} : répartition des titulaires")
    axe.set_xlabel(f"{_libelle(nom)} ({unite})")
    axe.set_ylabel("Part des titulaires (%)")
    axe.xaxis.set_major_formatter(_formateur())
    axe.legend(frameon=False, title="Pointillés : médiane")
    return _sauver(figure, dossier, f"distribution_{nom}.png")


def graphique_evolution(synthese, nom, dossier):
    donnees = synthese["soldes"][nom]
    unite = _unite_solde(synthese, nom)
    figure, axe = _figure()
    for scenario in synthese["meta"]["scenarios"]:
        quantiles = donnees[scenario]["quantiles_par_annee"]
        moyennes = synthese["par_annee"][nom][scenario]
        annees = sorted(int(a) for a in quantiles)
        style = "-" if scenario == "base" else "--"
        couleur = COULEURS[scenario]
        libelle = LIBELLES_SCENARIOS[scenario]
        p10 = [quantiles[str(a)]["p10"] for a in annees]
        p90 = [quantiles[str(a)]["p90"] for a in annees]
        if scenario == "base":
            axe.fill_between(annees, p10, p90, color=couleur, alpha=0.12, label=f"{libelle} : 10 % – 90 %")
        else:
            axe.plot(annees, p10, ":", color=couleur, linewidth=1, label=f"{libelle} : 10 % et 90 %")
            axe.plot(annees, p90, ":", color=couleur, linewidth=1)
        axe.plot(
            annees,
            [quantiles[str(a)]["p50"] for a in annees],
            style,
            color=couleur,
            linewidth=2,
            label=f"{libelle} : médiane",
        )
        axe.plot(
            annees,
            [moyennes[str(a)]["moyenne"] for a in annees],
            style,
            color=couleur,
            linewidth=1,
            marker="o",
            markersize=3,
            label=f"{libelle} : moyenne",
        )
    axe.set_title(f"{_libelle(nom)} au 31 décembre, année par année")
    axe.set_ylabel(unite)
    axe.yaxis.set_major_formatter(_formateur())
    axe.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    axe.legend(frameon=False, fontsize=8, ncols=2)
    return _sauver(figure, dossier, f"evolution_{nom}.png")


def graphique_groupes(synthese, nom, dossier):
    donnees = synthese["soldes"][nom]
    unite = _unite_solde(synthese, nom)
    scenarios = synthese["meta"]["scenarios"]
    dimensions = list(donnees["base"]["par_groupe"])
    figure, axes = plt.subplots(1, len(dimensions), figsize=(12, 4.8), dpi=110, layout="constrained")
    for axe, dimension in zip(axes, dimensions, strict=True):
        groupe = donnees["base"]["par_groupe"][dimension]
        modalites = list(groupe["modalites"])
        hauteur = 0.8 / len(scenarios)
        for k, scenario in enumerate(scenarios):
            valeurs = donnees[scenario]["par_groupe"][dimension]["modalites"]
            axe.barh(
                [i + k * hauteur for i in range(len(modalites))],
                [valeurs.get(m, {}).get("moyenne") or 0 for m in modalites],
                height=hauteur,
                color=COULEURS[scenario],
                label=LIBELLES_SCENARIOS[scenario],
            )
        axe.set_yticks(
            [i + hauteur * (len(scenarios) - 1) / 2 for i in range(len(modalites))],
            modalites,
            fontsize=8,
        )
        axe.invert_yaxis()
        axe.set_title(groupe["libelle"], fontsize=10)
        axe.xaxis.set_major_formatter(_formateur())
        axe.spines[["top", "right"]].set_visible(False)
        axe.set_xlabel(f"Moyenne ({unite})", fontsize=8)
    figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2, frameon=False)
    annee = _annee_solde(synthese, nom)
    figure.suptitle(f"{_libelle(nom)} moyen au 31 décembre {annee}, par groupe")
    return _sauver(figure, dossier, f"groupes_{nom}.png")


def graphique_gagnants(synthese, nom, dossier):
    comparaison = synthese["comparaison"][nom]
    dimensions = list(comparaison["par_groupe"])
    figure, axes = plt.subplots(1, len(dimensions), figsize=(12, 4.8), dpi=110, layout="constrained")
    for axe, dimension in zip(axes, dimensions, strict=True):
        groupe = comparaison["par_groupe"][dimension]
        modalites = list(groupe["modalites"])
        gagnants = [100 * (groupe["modalites"][m]["part_gagnants"] or 0) for m in modalites]
        perdants = [100 * (groupe["modalites"][m]["part_perdants"] or 0) for m in modalites]
        positions = range(len(modalites))
        axe.barh(positions, gagnants, color="#3a7d44", label="Gagnants")
        axe.barh(positions, [-p for p in perdants], color="#b23a48", label="Perdants")
        axe.axvline(0, color="#333333", linewidth=0.8)
        axe.set_yticks(list(positions), modalites, fontsize=8)
        axe.invert_yaxis()
        axe.set_title(groupe["libelle"], fontsize=10)
        axe.set_xlabel("% des titulaires", fontsize=8)
        axe.spines[["top", "right"]].set_visible(False)
    figure.legend(*axes[0].get_legend_handles_labels(), loc="outside lower center", ncols=2, frameon=False)
    figure.suptitle(f"{_libelle(nom)} au 31 décembre {comparaison['annee']} : gagnants et perdants de la réforme")
    return _sauver(figure, dossier, f"gagnants_{nom}.png")


def graphique_gain_deciles(synthese, nom, dossier):
    deciles = synthese["soldes"][nom].get("gain_par_decile_de_base") or []
    unite = _unite_solde(synthese, nom)
    figure, axe = _figure()
    axe.bar(
        [d["decile"] for d in deciles],
        [d["ecart_moyen"] or 0 for d in deciles],
        color=COULEURS["reforme"],
    )
    axe.axhline(0, color="#333333", linewidth=0.8)
    axe.set_xticks(range(1, 11), [f"D{k}" for k in range(1, 11)])
    axe.set_xlabel("Décile du solde en droit actuel (D1 : les plus petits soldes)")
    axe.set_ylabel(f"Écart moyen ({unite})")
    axe.yaxis.set_major_formatter(_formateur())
    axe.set_title(f"{_libelle(nom)} : écart moyen réforme − droit actuel par décile")
    return _sauver(figure, dossier, f"gain_deciles_{nom}.png")


def graphique_totaux(synthese, nom, dossier):
    par_annee = synthese["par_annee"][nom]
    figure, axe = _figure()
    scenarios = synthese["meta"]["scenarios"]
    toutes = sorted(int(a) for a in par_annee["base"])
    # Une seule unité par graphique : celle de la dernière année (les heures d'avant 2019 sont au tableau).
    unite = par_annee["base"][str(toutes[-1])]["unite"]
    annees = [a for a in toutes if par_annee["base"][str(a)]["unite"] == unite]
    largeur = 0.8 / len(scenarios)
    for k, scenario in enumerate(scenarios):
        axe.bar(
            [a + (k - (len(scenarios) - 1) / 2) * largeur for a in annees],
            [par_annee[scenario][str(a)]["total"] / 1e6 for a in annees],
            width=largeur,
            color=COULEURS[scenario],
            label=LIBELLES_SCENARIOS[scenario],
        )
    axe.set_ylabel(f"Millions ({unite})")
    axe.yaxis.set_major_formatter(_formateur(1))
    axe.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    axe.set_title(f"{_libelle(nom)} : total pondéré par année")
    if len(annees) < len(toutes):
        axe.text(
            0.01,
            0.98,
            f"Années en {par_annee['base'][str(toutes[0])]['unite']} : voir le tableau",
            transform=axe.transAxes,
            fontsize=8,
            va="top",
        )
    figure.legend(*axe.get_legend_handles_labels(), loc="outside lower center", ncols=2, frameon=False)
    return _sauver(figure, dossier, f"totaux_{nom}.png")


def _ecarts(synthese, nom):
    """Vrai si la réforme change le solde d'au moins un titulaire (sinon pas de graphique de gagnants)."""
    comparaison = synthese.get("comparaison", {}).get(nom)
    return bool(comparaison and (comparaison["part_gagnants"] or comparaison["part_perdants"]))


def soldes_utiles(synthese):
    """Soldes non nuls pour au moins un individu (un solde partout nul n'a pas de graphique)."""
    utiles = []
    for nom in synthese["meta"]["soldes"]:
        par_annee = synthese["par_annee"][nom]
        if any(
            ligne["part_positifs"]
            for scenario in synthese["meta"]["scenarios"]
            for ligne in par_annee[scenario].values()
        ):
            utiles.append(nom)
    return utiles


def graphiques(synthese, dossier):
    """Produit tous les graphiques ; renvoie {clé: chemin}."""
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    chemins = {}
    reforme = "comparaison" in synthese
    for nom in soldes_utiles(synthese):
        chemins[f"distribution_{nom}"] = graphique_distribution(synthese, nom, dossier)
        chemins[f"evolution_{nom}"] = graphique_evolution(synthese, nom, dossier)
        chemins[f"groupes_{nom}"] = graphique_groupes(synthese, nom, dossier)
        if reforme and _ecarts(synthese, nom):
            chemins[f"gagnants_{nom}"] = graphique_gagnants(synthese, nom, dossier)
            chemins[f"gain_deciles_{nom}"] = graphique_gain_deciles(synthese, nom, dossier)
    for nom in synthese["meta"]["sorties"]:
        totaux = synthese["par_annee"][nom]["base"]
        if nom not in synthese["meta"]["soldes"] and any(v["total"] for v in totaux.values()):
            chemins[f"totaux_{nom}"] = graphique_totaux(synthese, nom, dossier)
    return chemins


# --- HTML ------------------------------------------------------------------------------------

STYLE = """
body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{color:#1f4e79;margin-bottom:.2em}h2{color:#1f4e79;border-bottom:2px solid #1f4e79;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:1em 0;font-size:.9em}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}
th{background:#eef3f8}td:first-child,th:first-child{text-align:left}
.cles{display:flex;flex-wrap:wrap;gap:1em}.cle{background:#eef3f8;border-radius:6px;padding:.8em 1.2em;min-width:12em}
.cle b{display:block;font-size:1.5em;color:#1f4e79}img{max-width:100%;border:1px solid #eee;margin:.5em 0}
.note{color:#555;font-size:.9em}code{background:#f3f3f3;padding:0 .2em}
"""


def _e(texte):
    return html.escape(str(texte))


def _image(chemin, alternative):
    donnees = base64.b64encode(Path(chemin).read_bytes()).decode("ascii")
    return f'<img src="data:image/png;base64,{donnees}" alt="{_e(alternative)}">'


def _tableau(entetes, lignes):
    tete = "".join(f"<th>{_e(h)}</th>" for h in entetes)
    corps = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in ligne) + "</tr>" for ligne in lignes)
    return f"<table><thead><tr>{tete}</tr></thead><tbody>{corps}</tbody></table>"


def _section_reforme(synthese):
    reforme = synthese["meta"].get("reforme")
    if not reforme:
        return ""
    lignes = [
        (
            m["parametre"],
            m["depuis"] + (f" au {m['jusqu_au']}" if m.get("jusqu_au") else ""),
            m.get("valeur_precedente"),
            m["valeur"],
            m.get("unite", ""),
        )
        for m in reforme["modifications"]
    ]
    return f"<h2>La réforme : {_e(reforme['nom'])}</h2><p>{_e(reforme.get('description', ''))}</p>" + _tableau(
        ("Paramètre", "À partir du", "Valeur en vigueur", "Nouvelle valeur", "Unité"), lignes
    )


def _section_plans(synthese):
    """Totaux des plans de financement des demandes de formation (--formations), par source et par scénario."""
    plans = synthese.get("plans_de_financement")
    if not plans:
        return ""
    meta = synthese["meta"]
    morceaux = ["<h2>Plans de financement des demandes de formation</h2>"]
    morceaux.append(
        f"<p class='note'>Demandes : <code>{_e(meta.get('formations'))}</code>"
        + (
            f" ; un plan par demande dans <code>{_e(meta.get('fichier_plans'))}</code>"
            if meta.get("fichier_plans")
            else ""
        )
        + ". Chaque montant est une variable du modèle à la date de l'achat (mêmes chiffres que /plan-de-financement).</p>"
    )
    for scenario, plan in plans.items():
        refus = ", ".join(f"{motif} : {fr(n)}" for motif, n in sorted(plan["refus"].items())) or "aucun"
        morceaux.append(
            f"<h3>Scénario {_e(scenario)}</h3><p>{fr(plan['demandes'])} demandes, {fr(plan['achats_possibles'])} "
            f"achats possibles ; refus : {_e(refus)}. Prix total {fr(plan['prix_total'], 2)} €, dont participation "
            f"forfaitaire {fr(plan['participation_forfaitaire'], 2)} €.</p>"
        )
        lignes = [
            (
                ligne["libelle"],
                fr(ligne["montant"], 2),
                fr(ligne["montant_pondere"], 2),
                pourcent(ligne["montant"] / plan["prix_total"]) if plan["prix_total"] else "",
            )
            for ligne in plan["par_source"]
        ]
        morceaux.append(_tableau(("Source", "Montant (€)", "Montant pondéré (€)", "Part du prix"), lignes))
    return "".join(morceaux)


def _section_cles(synthese):
    meta = synthese["meta"]
    annee = str(meta["annee_analyse"])
    cles = [
        ("Individus simulés", fr(meta["individus"])),
        ("Population représentée (somme des poids)", fr(meta["poids_total"])),
        ("Années", f"{meta['annees'][0]}–{meta['annees'][-1]}"),
    ]
    for nom in soldes_utiles(synthese)[:1]:
        unite = _unite_solde(synthese, nom)
        annee = str(_annee_solde(synthese, nom))
        for scenario in meta["scenarios"]:
            ligne = synthese["par_annee"][nom][scenario].get(annee, {})
            cles.append(
                (
                    f"{_libelle(nom)} moyen {annee} ({LIBELLES_SCENARIOS[scenario].lower()})",
                    fr(ligne.get("moyenne"), 0, unite),
                )
            )
        if "comparaison" in synthese:
            comparaison = synthese["comparaison"][nom]
            cles.append(("Gagnants", pourcent(comparaison["part_gagnants"])))
            cles.append(("Perdants", pourcent(comparaison["part_perdants"])))
    if "comparaison" in synthese:
        cout = sum(c["cout_euros"] for c in synthese["comparaison"].values())
        cles.append(("Coût : droits supplémentaires crédités", fr(cout / 1e6, 1, "M€")))
    return (
        '<div class="cles">'
        + "".join(f'<div class="cle">{_e(libelle)}<b>{_e(valeur)}</b></div>' for libelle, valeur in cles)
        + "</div>"
    )


def _section_totaux(synthese, images):
    meta = synthese["meta"]
    morceaux = ["<h2>Totaux et moyennes par année</h2>"]
    for nom in meta["sorties"]:
        par_annee = synthese["par_annee"][nom]
        annees = sorted(par_annee["base"], key=int)
        if not annees:
            continue
        entetes = ["Année", "Unité"]
        for scenario in meta["scenarios"]:
            libelle = LIBELLES_SCENARIOS[scenario]
            entetes += [f"Total ({libelle})", f"Moyenne ({libelle})"]
        if "comparaison" in synthese:
            entetes.append("Écart total")
        lignes = []
        for a in annees:
            ligne = [a, par_annee["base"][a]["unite"]]
            for scenario in meta["scenarios"]:
                valeurs = par_annee[scenario].get(a, {})
                ligne += [fr(valeurs.get("total")), fr(valeurs.get("moyenne"), 2)]
            if "comparaison" in synthese:
                ligne.append(fr(synthese["comparaison"][nom]["totaux_par_annee"][a]["ecart"]))
            lignes.append(ligne)
        morceaux.append(f"<h3>{_e(_libelle(nom))} (<code>{_e(nom)}</code>)</h3>")
        morceaux.append(_tableau(entetes, lignes))
        if f"totaux_{nom}" in images:
            morceaux.append(_image(images[f"totaux_{nom}"], f"Totaux de {nom}"))
    return "".join(morceaux)


def _section_solde(synthese, nom, images):
    meta = synthese["meta"]
    donnees = synthese["soldes"][nom]
    unite = _unite_solde(synthese, nom)
    annee = _annee_solde(synthese, nom)
    morceaux = [f"<h2>{_e(_libelle(nom))} (<code>{_e(nom)}</code>)</h2>"]
    entetes = ["Décile"] + [LIBELLES_SCENARIOS[s] for s in meta["scenarios"]]
    lignes = [[f"D{k + 1}"] + [fr(donnees[s]["deciles"][k], 2, unite) for s in meta["scenarios"]] for k in range(9)]
    lignes.append(
        ["Part au plafond"] + [pourcent(donnees[s]["part_au_plafond"].get(str(annee))) for s in meta["scenarios"]]
    )
    morceaux.append(f"<h3>Déciles au 31 décembre {annee}</h3>")
    morceaux.append(_tableau(entetes, lignes))
    morceaux.append(_image(images[f"distribution_{nom}"], f"Distribution de {nom}"))
    morceaux.append("<h3>Évolution année par année</h3>")
    morceaux.append(_image(images[f"evolution_{nom}"], f"Évolution de {nom}"))
    morceaux.append("<h3>Par groupe</h3>")
    for dimension, groupe in donnees["base"]["par_groupe"].items():
        entetes = [groupe["libelle"], "Effectif pondéré"]
        for s in meta["scenarios"]:
            entetes += [f"Moyenne ({LIBELLES_SCENARIOS[s]})", f"Au plafond ({LIBELLES_SCENARIOS[s]})"]
        if "comparaison" in synthese:
            entetes += ["Gagnants", "Perdants", "Écart moyen"]
        lignes = []
        for modalite, valeurs in groupe["modalites"].items():
            ligne = [modalite, fr(valeurs["effectif"])]
            for s in meta["scenarios"]:
                v = donnees[s]["par_groupe"][dimension]["modalites"].get(modalite, {})
                ligne += [fr(v.get("moyenne"), 0, unite), pourcent(v.get("part_au_plafond"))]
            if "comparaison" in synthese:
                c = synthese["comparaison"][nom]["par_groupe"][dimension]["modalites"].get(modalite, {})
                ligne += [
                    pourcent(c.get("part_gagnants")),
                    pourcent(c.get("part_perdants")),
                    fr(c.get("ecart_moyen"), 2, unite),
                ]
            lignes.append(ligne)
        morceaux.append(_tableau(entetes, lignes))
    morceaux.append(_image(images[f"groupes_{nom}"], f"{nom} par groupe"))
    if _ecarts(synthese, nom):
        morceaux.append("<h3>Gagnants et perdants</h3>")
        morceaux.append(_image(images[f"gagnants_{nom}"], "Gagnants et perdants"))
        morceaux.append(_image(images[f"gain_deciles_{nom}"], "Écart par décile"))
    return "".join(morceaux)


def _section_methode(synthese):
    meta = synthese["meta"]
    ecartees = meta.get("sorties_ecartees") or {}
    lignes = [
        ("Fichier", meta.get("fichier")),
        ("Forme", meta.get("forme")),
        ("Mode de calcul", meta.get("mode")),
        ("Taille des lots", fr(meta.get("taille_lot"))),
        ("Nombre de lots", fr(len(meta.get("lots", [])))),
        ("Durée totale", fr(meta.get("duree_s"), 1, "s")),
        ("Mémoire maximale d'un lot (processus de calcul)", fr(meta.get("memoire_max_mo"), 0, "Mo")),
        ("Poids", "fournis par le fichier" if meta.get("poids_fournis") else "1 par individu"),
        ("Version d'openfisca-cpa", meta.get("version")),
        ("Date du calcul", meta.get("date")),
    ]
    texte = _tableau(("Élément", "Valeur"), lignes)
    if ecartees:
        texte += (
            "<p class='note'>Sorties du contrat non calculées : "
            + "; ".join(f"<code>{_e(k)}</code> ({_e(v)})" for k, v in ecartees.items())
            + ".</p>"
        )
    texte += (
        "<p class='note'>Tous les agrégats sont pondérés et calculés en double précision. Les soldes "
        "sont pris au 31 décembre, après les droits mobilisés de l'année et l'alimentation au titre de "
        "l'année (versée début N+1). L'alimentation du CPF est en heures jusqu'en 2018, en euros ensuite. "
        "Le coût d'une réforme est l'écart des droits crédités (alimentation) en euros : c'est un "
        "engagement en droits, pas une dépense de l'année. Un individu est « gagnant » si son solde "
        "augmente de plus d'un demi-centime.</p>"
    )
    return "<h2>Méthode</h2>" + texte


def ecrire_html(synthese, dossier, images):
    meta = synthese["meta"]
    titre = "Simulation de population du compte personnel d'activité"
    if meta.get("reforme"):
        titre = f"Réforme « {meta['reforme']['nom']} » : effets sur une population"
    corps = [
        f"<h1>{_e(titre)}</h1>",
        f"<p class='note'>Année d'analyse : {meta['annee_analyse']}. Fichier : <code>{_e(meta.get('fichier'))}</code>.</p>",
        _section_cles(synthese),
        _section_reforme(synthese),
    ]
    utiles = soldes_utiles(synthese)
    corps += [_section_solde(synthese, nom, images) for nom in utiles]
    nuls = [nom for nom in meta["soldes"] if nom not in utiles]
    if nuls:
        corps.append(
            "<p class='note'>Soldes nuls pour toute la population (entrées absentes du fichier ?) : "
            + ", ".join(f"<code>{_e(n)}</code>" for n in nuls)
            + ".</p>"
        )
    corps.append(_section_totaux(synthese, images))
    corps.append(_section_plans(synthese))
    corps.append(_section_methode(synthese))
    page = (
        "<!DOCTYPE html><html lang='fr'><head><meta charset='utf-8'>"
        f"<title>{_e(titre)}</title><style>{STYLE}</style></head><body>" + "".join(corps) + "</body></html>"
    )
    chemin = Path(dossier) / "rapport.html"
    chemin.write_text(page, encoding="utf-8")
    return chemin


def produire_rapport(synthese, dossier):
    """Graphiques PNG et rapport.html dans `dossier` ; `synthese` est un dict ou un chemin JSON."""
    if not isinstance(synthese, dict):
        synthese = json.loads(Path(synthese).read_text(encoding="utf-8"))
    dossier = Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    images = graphiques(synthese, dossier)
    return ecrire_html(synthese, dossier, images)
