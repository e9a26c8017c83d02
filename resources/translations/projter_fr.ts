<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr">
<context>
    <name>About</name>
    <message>
        <source>Offline consultation workshops on the Projet de Territoire.</source>
        <translation>Ateliers de concertation hors ligne sur le Projet de Territoire.</translation>
    </message>
    <message>
        <source>Data folder:</source>
        <translation>Dossier des données&#xa0;:</translation>
    </message>
    <message>
        <source>Database:</source>
        <translation>Base de données&#xa0;:</translation>
    </message>
    <message>
        <source>Bundled software and licences</source>
        <translation>Logiciels inclus et licences</translation>
    </message>
    <message>
        <source>Plan data: Alès Agglomération, Projet de Territoire, version of 26/06/2018.</source>
        <translation>Données du plan&#xa0;: Alès Agglomération, Projet de Territoire, version du 26/06/2018.</translation>
    </message>
</context>
<context>
    <name>AboutDialog</name>
    <message>
        <source>About Projter</source>
        <translation>À propos de Projter</translation>
    </message>
</context>
<context>
    <name>AnalogGrid</name>
    <message>
        <source>Type each count: the cursor moves on by itself when the count is complete, otherwise press Enter or Tab. Empty = 0. Enter on the last cell records.</source>
        <translation>Saisissez chaque décompte&#xa0;: le curseur passe seul à la case suivante quand le nombre est complet, sinon appuyez sur Entrée ou Tab. Vide = 0. Entrée sur la dernière case enregistre.</translation>
    </message>
    <message>
        <source>Number of voters</source>
        <translation>Nombre de votants</translation>
    </message>
    <message>
        <source>Number of &amp;voters:</source>
        <translation>Nom&amp;bre de votants&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Yes = voters − no − abstentions</source>
        <translation>Pour = &amp;votants − contre − abstentions</translation>
    </message>
    <message>
        <source>In a show of hands, count who is against and who abstains; the others voted yes.</source>
        <translation>À main levée, comptez les votes contre et les abstentions&#xa0;; les autres ont voté pour.</translation>
    </message>
    <message>
        <source>&amp;Record the counts (Enter)</source>
        <translation>Enregistrer les déco&amp;mptes (Entrée)</translation>
    </message>
    <message>
        <source>(%1 present and represented)</source>
        <translation>(%1 présents et représentés)</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Computed: voters minus no and abstentions</source>
        <translation>Calculé&#xa0;: votants moins contre et abstentions</translation>
    </message>
    <message>
        <source>More than the number of voters</source>
        <translation>Plus que le nombre de votants</translation>
    </message>
    <message>
        <source>Give the number of voters: the yes are computed from it.</source>
        <translation>Indiquez le nombre de votants&#xa0;: les votes pour en sont déduits.</translation>
    </message>
    <message>
        <source>Unexpected error (see the log).</source>
        <translation>Erreur inattendue (voir le journal).</translation>
    </message>
    <message>
        <source>Counts recorded, with warnings (see above).</source>
        <translation>Décomptes enregistrés, avec des avertissements (voir ci-dessus).</translation>
    </message>
    <message>
        <source>Counts recorded.</source>
        <translation>Décomptes enregistrés.</translation>
    </message>
    <message>
        <source>The counts are recorded, but check them:</source>
        <translation>Les décomptes sont enregistrés, mais vérifiez-les&#xa0;:</translation>
    </message>
    <message>
        <source>The counts were NOT recorded: %1 They are still in the grid: correct them, or press Enter to try again.</source>
        <translation>Décomptes NON ENREGISTRÉS. %1 Ils restent dans la grille : corrigez-les, ou appuyez sur Entrée pour réessayer.</translation>
    </message>
</context>
<context>
    <name>Attendance</name>
    <message>
        <source>Expected</source>
        <translation>Attendu(e)</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Présent(e)</translation>
    </message>
    <message>
        <source>Excused</source>
        <translation>Excusé(e)</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Absent(e)</translation>
    </message>
</context>
<context>
    <name>Attendees</name>
    <message>
        <source>Name</source>
        <extracomment>``editor(attendee_uuid, field, value) -&gt; bool`` saves an edited cell.</extracomment>
        <translation>Nom</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>Poids</translation>
    </message>
    <message>
        <source>Attendance</source>
        <translation>Présence</translation>
    </message>
    <message>
        <source>Arrival</source>
        <translation>Arrivée</translation>
    </message>
    <message>
        <source>Departure</source>
        <translation>Départ</translation>
    </message>
    <message>
        <source>Proxy given to</source>
        <translation>Procuration donnée à</translation>
    </message>
    <message>
        <source>Holds proxies of</source>
        <translation>Porte la procuration de</translation>
    </message>
    <message>
        <source>Votes for: %1</source>
        <translation>Vote pour : %1</translation>
    </message>
    <message>
        <source>Vote weight (1 by default)</source>
        <translation>Poids de vote (1 par défaut)</translation>
    </message>
</context>
<context>
    <name>BallotEntry</name>
    <message>
        <source>Type a name, then Enter</source>
        <extracomment>what the entry takes: a named ballot (voter + marks), a signature of the register (secret round, émargement) or a paper (secret round, dépouillement: marks, no voter)</extracomment>
        <translation>Tapez un nom, puis Entrée</translation>
    </message>
    <message>
        <source>Voter</source>
        <translation>Votant</translation>
    </message>
    <message>
        <source>&amp;Voter:</source>
        <translation>&amp;Votant&#xa0;:</translation>
    </message>
    <message>
        <source>Present voters who have not voted yet</source>
        <translation>Votants présents qui n&apos;ont pas encore voté</translation>
    </message>
    <message>
        <source>Ballot entry messages</source>
        <translation>Messages de la saisie des bulletins</translation>
    </message>
    <message>
        <source>&amp;Record the ballot (Enter)</source>
        <translation>Enregistrer le &amp;bulletin (Entrée)</translation>
    </message>
    <message>
        <source>Clear (Esc)</source>
        <translation>Effacer (Échap)</translation>
    </message>
    <message>
        <source>Named vote: each ballot is recorded with the voter&apos;s name. One key per action, Delete clears, Enter records.</source>
        <translation>Vote nominatif&#xa0;: chaque bulletin est enregistré avec le nom du votant. Une touche par action, Suppr efface, Entrée enregistre.</translation>
    </message>
    <message>
        <source>%1 voters have signed, %2 papers in the urn.</source>
        <translation>%1 votants ont émargé, %2 bulletins dans l&apos;urne.</translation>
    </message>
    <message numerus="yes">
        <source>%n of them already cast on a phone.</source>
        <translation>
            <numerusform>Dont %n déjà déposé par téléphone.</numerusform>
            <numerusform>Dont %n déjà déposés par téléphone.</numerusform>
        </translation>
    </message>
    <message>
        <source>&amp;Record the paper (Enter)</source>
        <translation>&amp;Enregistrer le bulletin (Entrée)</translation>
    </message>
    <message>
        <source>Paper %1 of %2</source>
        <translation>Bulletin %1 sur %2</translation>
    </message>
    <message>
        <source>Every paper has been counted (%1).</source>
        <translation>Tous les bulletins ont été dépouillés (%1).</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Approuvée</translation>
    </message>
    <message>
        <source>Not approved</source>
        <translation>Non approuvée</translation>
    </message>
    <message>
        <source>Impact</source>
        <translation>Impact</translation>
    </message>
    <message>
        <source>Feasibility</source>
        <translation>Faisabilité</translation>
    </message>
    <message>
        <source>1 = approved   0 = not approved</source>
        <translation>1 = approuvée   0 = non approuvée</translation>
    </message>
    <message>
        <source>Type the score (%1 to %2).</source>
        <translation>Tapez la note (de %1 à %2).</translation>
    </message>
    <message>
        <source>Impact, then feasibility (%1 to %2).</source>
        <translation>Impact, puis faisabilité (de %1 à %2).</translation>
    </message>
    <message>
        <source>Number of dots per action (%1 per voter).</source>
        <translation>Nombre de gommettes par action (%1 par votant).</translation>
    </message>
    <message>
        <source>Rank of each action: 1 = first choice (1 to %1).</source>
        <translation>Rang de chaque action&#xa0;: 1 = premier choix (de 1 à %1).</translation>
    </message>
    <message>
        <source>One key per action moves to the next one; Delete clears a mark; Enter records.</source>
        <translation>Une touche par action passe à la suivante&#xa0;; Suppr efface une marque&#xa0;; Entrée enregistre.</translation>
    </message>
    <message>
        <source>(+%1 proxy)</source>
        <translation>(+%1 voix)</translation>
    </message>
    <message>
        <source>Not voted yet: %1</source>
        <translation>N&apos;ont pas encore voté&#xa0;: %1</translation>
    </message>
    <message>
        <source>The signature of %1</source>
        <translation>L&apos;émargement de %1</translation>
    </message>
    <message>
        <source>Émargement: who puts their papers in the urn?</source>
        <translation>Émargement : qui dépose ses bulletins dans l&apos;urne ?</translation>
    </message>
    <message>
        <source>No voter chosen yet.</source>
        <translation>Aucun votant choisi.</translation>
    </message>
    <message>
        <source>Ballot of %1</source>
        <translation>Bulletin de %1</translation>
    </message>
    <message>
        <source>%1 voices (proxy included)</source>
        <translation>%1 voix (procuration comprise)</translation>
    </message>
    <message>
        <source>No present voter who has not voted matches “%1”.</source>
        <translation>Aucun votant présent n&apos;ayant pas encore voté ne correspond à «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <source>Paper %1</source>
        <translation>Bulletin %1</translation>
    </message>
    <message>
        <source>Choose the voter first.</source>
        <translation>Choisissez d&apos;abord le votant.</translation>
    </message>
    <message>
        <source>Unexpected error (see the log).</source>
        <translation>Erreur inattendue (voir le journal).</translation>
    </message>
    <message>
        <source>Action %1 has no grade: it will count as “%2”. Record anyway?</source>
        <translation>L&apos;action %1 n&apos;a pas de mention : elle comptera « %2 ». Enregistrer quand même ?</translation>
    </message>
    <message>
        <source>%1 actions have no grade (%2): they will count as “%3”. Record anyway?</source>
        <translation>%1 actions n&apos;ont pas de mention (%2) : elles compteront « %3 ». Enregistrer quand même ?</translation>
    </message>
    <message>
        <source>Action without a grade</source>
        <translation>Action sans mention</translation>
    </message>
    <message>
        <source>%1 has voted (%2 papers in the urn).</source>
        <translation>%1 a voté (%2 bulletins dans l&apos;urne).</translation>
    </message>
    <message>
        <source>%1 has voted.</source>
        <translation>%1 a voté.</translation>
    </message>
    <message>
        <source>Paper %1 recorded.</source>
        <translation>Bulletin %1 enregistré.</translation>
    </message>
    <message>
        <source>%1 was NOT recorded: %2 It is still in the entry: correct it, or press Enter to try again.</source>
        <translation>%1 : NON ENREGISTRÉ. %2 La saisie reste à l&apos;écran : corrigez-la, ou appuyez sur Entrée pour réessayer.</translation>
    </message>
    <message>
        <source>Give both impact and feasibility, or neither.</source>
        <translation>Indiquez l&apos;impact et la faisabilité, ou aucun des deux.</translation>
    </message>
    <message>
        <source>Weight of the paper</source>
        <translation>Poids du bulletin</translation>
    </message>
    <message>
        <source>Close the register and count the &amp;papers</source>
        <translation>Clore l&apos;émargement et &amp;dépouiller</translation>
    </message>
    <message>
        <source>End of the émargement: nobody can vote any more, the papers are then taken out of the urn and entered one by one, with no name.</source>
        <translation>Fin de l&apos;émargement : plus personne ne peut voter ; les bulletins sont ensuite sortis de l&apos;urne et saisis un par un, sans nom.</translation>
    </message>
    <message>
        <source>Secret ballot — émargement: each voter puts their papers in the urn (one per voice, proxies included) and signs. Type the name, Enter. No ballot is typed now: the papers are counted once the register is closed.</source>
        <translation>Vote à bulletin secret — émargement : chaque votant dépose ses bulletins dans l&apos;urne (un par voix, procurations comprises) et signe. Tapez le nom, Entrée. Aucun vote n&apos;est saisi maintenant : les bulletins seront dépouillés une fois l&apos;émargement clos.</translation>
    </message>
    <message>
        <source>Secret ballot — counting: take the papers out of the urn and enter them one by one. No name is asked: nothing ties a paper to a voter. One key per action, Enter records the paper.</source>
        <translation>Vote à bulletin secret — dépouillement : sortez les bulletins de l&apos;urne et saisissez-les un par un. Aucun nom n&apos;est demandé : rien ne relie un bulletin à un votant. Une touche par action, Entrée enregistre le bulletin.</translation>
    </message>
    <message>
        <source>Ballot recorded. Register: %1 has voted (the ballot is not linked to the name).</source>
        <translation>Bulletin enregistré. Registre&#xa0;: %1 a voté (le bulletin n&apos;est pas lié au nom).</translation>
    </message>
    <message>
        <source>Ballot of %1 recorded.</source>
        <translation>Bulletin de %1 enregistré.</translation>
    </message>
    <message>
        <source>Dots</source>
        <translation>Gommettes</translation>
    </message>
    <message>
        <source>Approvals</source>
        <translation>Approbations</translation>
    </message>
    <message>
        <source>Number of voters who gave %1</source>
        <translation>Nombre de votants ayant donné %1</translation>
    </message>
    <message>
        <source>#%1</source>
        <translation>Rang %1</translation>
    </message>
    <message>
        <source>Number of voters who ranked it %1</source>
        <translation>Nombre de votants qui l&apos;ont classée au rang %1</translation>
    </message>
    <message>
        <source>Impact
%1</source>
        <translation>Impact
%1</translation>
    </message>
    <message>
        <source>Feasib.
%1</source>
        <translation>Faisab.
%1</translation>
    </message>
</context>
<context>
    <name>CalendarPopup</name>
    <message>
        <source>Calendar: arrows choose a day, Enter picks it, Escape closes</source>
        <translation>Calendrier : les flèches choisissent un jour, Entrée le retient, Échap ferme</translation>
    </message>
</context>
<context>
    <name>CheckReportDialog</name>
    <message>
        <source>Database check</source>
        <translation>Vérification de la base de données</translation>
    </message>
    <message>
        <source>The database is healthy.</source>
        <translation>La base de données est saine.</translation>
    </message>
    <message>
        <source>Problems were found in the database.</source>
        <translation>Des problèmes ont été trouvés dans la base de données.</translation>
    </message>
</context>
<context>
    <name>ChoiceField</name>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>no mark</source>
        <translation>aucune marque</translation>
    </message>
</context>
<context>
    <name>ConsolidationPage</name>
    <message>
        <source>Priority 1</source>
        <translation>Priorité 1</translation>
    </message>
    <message>
        <source>Priority 2</source>
        <translation>Priorité 2</translation>
    </message>
    <message>
        <source>Priority 3</source>
        <translation>Priorité 3</translation>
    </message>
    <message>
        <source>Kept complementary</source>
        <translation>Maintenue complémentaire</translation>
    </message>
    <message>
        <source>Adjourned</source>
        <translation>Ajournée</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Abandonnée</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Axis or orientation</source>
        <translation>Axe ou orientation</translation>
    </message>
    <message>
        <source>&amp;From</source>
        <translation>Depu&amp;is le</translation>
    </message>
    <message>
        <source>&amp;To</source>
        <translation>&amp;Jusqu&apos;au</translation>
    </message>
    <message>
        <source>&amp;Closed workshops only</source>
        <translation>Ateliers clos &amp;uniquement</translation>
    </message>
    <message>
        <source>&amp;Consolidate</source>
        <translation>&amp;Consolider</translation>
    </message>
    <message>
        <source>Combine the workshops matching the filters (F5)</source>
        <translation>Combiner les ateliers correspondant aux filtres (F5)</translation>
    </message>
    <message>
        <source>Commune:</source>
        <translation>Commune&#xa0;:</translation>
    </message>
    <message>
        <source>Actions:</source>
        <translation>Actions&#xa0;:</translation>
    </message>
    <message>
        <source>Combined ranking of the actions</source>
        <translation>Classement combiné des actions</translation>
    </message>
    <message>
        <source>History of the selected action</source>
        <translation>Historique de l&apos;action sélectionnée</translation>
    </message>
    <message>
        <source>History of the action</source>
        <translation>Historique de l&apos;action</translation>
    </message>
    <message>
        <source>Proposed actions</source>
        <translation>Actions proposées</translation>
    </message>
    <message>
        <source>Export &amp;PDF…</source>
        <translation>E&amp;xporter en PDF…</translation>
    </message>
    <message>
        <source>Export &amp;spreadsheet…</source>
        <translation>Exporter en ta&amp;bleur…</translation>
    </message>
    <message>
        <source>All communes</source>
        <translation>Toutes les communes</translation>
    </message>
    <message>
        <source>All axes and orientations</source>
        <translation>Tous les axes et orientations</translation>
    </message>
    <message>
        <source>Consolidation</source>
        <translation>Consolidation</translation>
    </message>
    <message>
        <source>The start date is after the end date.</source>
        <translation>La date de début est postérieure à la date de fin.</translation>
    </message>
    <message>
        <source>Consolidating the workshops…</source>
        <translation>Consolidation des ateliers…</translation>
    </message>
    <message>
        <source>Choose the filters, then Consolidate.</source>
        <translation>Choisissez les filtres, puis cliquez sur Consolider.</translation>
    </message>
    <message>
        <source>%1 workshop(s), %2 closed round(s) counted.</source>
        <translation>%1 atelier(s), %2 tour(s) de vote clos pris en compte.</translation>
    </message>
    <message>
        <source>No proposed action.</source>
        <translation>Aucune action proposée.</translation>
    </message>
    <message>
        <source>Export the consolidation as PDF</source>
        <translation>Exporter la consolidation en PDF</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Export the consolidation as a spreadsheet</source>
        <translation>Exporter la consolidation en tableur</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Classeur Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>Consolidation exported to %1</source>
        <translation>Consolidation exportée vers %1</translation>
    </message>
    <message>
        <source>Writing the consolidation…</source>
        <translation>Écriture de la consolidation…</translation>
    </message>
    <message>
        <source>C&amp;onsolidation</source>
        <translation>C&amp;onsolidation</translation>
    </message>
    <message>
        <source>&amp;Consolidation of the workshops</source>
        <translation>&amp;Consolidation des ateliers</translation>
    </message>
    <message>
        <source>Combine the workshops into one ranking of the actions</source>
        <translation>Réunir les ateliers en un classement unique des actions</translation>
    </message>
</context>
<context>
    <name>CorrectionDialog</name>
    <message>
        <source>Correct a ballot — round %1</source>
        <translation>Corriger un bulletin — tour %1</translation>
    </message>
    <message>
        <source>Choose the voter whose ballot was typed wrong: the ballot shows the marks recorded. Change them, then Enter saves the correction (Ctrl+Z undoes it). The round keeps every correction in its history.</source>
        <translation>Choisissez le votant dont le bulletin a été mal saisi : le bulletin affiche les mentions enregistrées. Modifiez-les, puis Entrée enregistre la correction (Ctrl+Z l’annule). Le tour garde chaque correction dans son historique.</translation>
    </message>
    <message>
        <source>Voted: %1</source>
        <translation>Ont voté : %1</translation>
    </message>
    <message>
        <source>&amp;Save the correction (Enter)</source>
        <translation>&amp;Enregistrer la correction (Entrée)</translation>
    </message>
    <message>
        <source>Corrections already made in this round</source>
        <translation>Corrections déjà faites dans ce tour</translation>
    </message>
    <message>
        <source>%1 — ballot of %2 corrected</source>
        <translation>%1 — bulletin de %2 corrigé</translation>
    </message>
    <message>
        <source>No correction yet in this round.</source>
        <translation>Aucune correction dans ce tour pour l’instant.</translation>
    </message>
    <message>
        <source>History of the round:</source>
        <translation>Historique du tour :</translation>
    </message>
</context>
<context>
    <name>CountsModel</name>
    <message>
        <source>Records</source>
        <translation>Éléments</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nouveaux</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Mis à jour</translation>
    </message>
    <message>
        <source>Identical</source>
        <translation>Identiques</translation>
    </message>
    <message>
        <source>In conflict</source>
        <translation>En conflit</translation>
    </message>
</context>
<context>
    <name>DateTimeEntry</name>
    <message>
        <source>dd/mm/yyyy hh:mm</source>
        <translation>jj/mm/aaaa hh:mm</translation>
    </message>
    <message>
        <source>Pick a day in the calendar (Alt+Down)</source>
        <translation>Choisir un jour dans le calendrier (Alt+Bas)</translation>
    </message>
    <message>
        <source>Open the calendar</source>
        <translation>Ouvrir le calendrier</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Local time. Type e.g. 15/01/2027 18:30, 15/1/27 18h30, a date alone (the time is kept) or a time alone (the date is kept); or pick a day in the calendar (Alt+Down).</source>
        <translation>Heure locale. Tapez par exemple 15/01/2027 18:30, 15/1/27 18h30, une date seule (l&apos;heure est gardée) ou une heure seule (la date est gardée) ; ou choisissez un jour dans le calendrier (Alt+Bas).</translation>
    </message>
    <message>
        <source>A date is needed, e.g. 15/01/2027 18:30.</source>
        <translation>Une date est nécessaire, par exemple 15/01/2027 18:30.</translation>
    </message>
    <message>
        <source>This time does not exist on that day (change of time). Type another time.</source>
        <translation>Cette heure n&apos;existe pas ce jour-là (changement d&apos;heure). Tapez une autre heure.</translation>
    </message>
    <message>
        <source>This date is too early. Type e.g. 15/01/2027 18:30.</source>
        <translation>Cette date est trop ancienne. Tapez par exemple 15/01/2027 18:30.</translation>
    </message>
    <message>
        <source>This day does not exist. Type e.g. 15/01/2027 18:30.</source>
        <translation>Ce jour n&apos;existe pas. Tapez par exemple 15/01/2027 18:30.</translation>
    </message>
    <message>
        <source>This time does not exist. Type e.g. 18:30 or 18h30.</source>
        <translation>Cette heure n&apos;existe pas. Tapez par exemple 18:30 ou 18h30.</translation>
    </message>
    <message>
        <source>A time alone needs a date: type e.g. 15/01/2027 18:30.</source>
        <translation>Une heure seule demande une date : tapez par exemple 15/01/2027 18:30.</translation>
    </message>
    <message>
        <source>Not a date. Type e.g. 15/01/2027 18:30, 15/1/27 18h30 or 18h30.</source>
        <translation>Ce n&apos;est pas une date. Tapez par exemple 15/01/2027 18:30, 15/1/27 18h30 ou 18h30.</translation>
    </message>
</context>
<context>
    <name>DevicesDialog</name>
    <message>
        <source>Trusted devices</source>
        <translation>Appareils de confiance</translation>
    </message>
    <message>
        <source>This computer: &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Fingerprint to give to the office: &lt;b&gt;%2&lt;/b&gt;</source>
        <translation>Cet ordinateur&#xa0;: &lt;b&gt;%1&lt;/b&gt;&lt;br&gt;Empreinte à communiquer au bureau&#xa0;: &lt;b&gt;%2&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&amp;Approve</source>
        <translation>&amp;Approuver</translation>
    </message>
    <message>
        <source>&amp;Revoke</source>
        <translation>&amp;Révoquer</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Fermer</translation>
    </message>
    <message>
        <source>%1 — fingerprint %2 — %3 — %4 import(s)</source>
        <translation>%1 — empreinte %2 — %3 — %4 import(s)</translation>
    </message>
    <message>
        <source>No other computer yet: they appear here when you import their files.</source>
        <translation>Aucun autre ordinateur pour l&apos;instant&#xa0;: ils apparaissent ici lorsque vous importez leurs fichiers.</translation>
    </message>
    <message>
        <source>Revoke this computer?</source>
        <translation>Révoquer cet ordinateur&#xa0;?</translation>
    </message>
    <message>
        <source>Files made by this computer will be refused from now on (what was already imported stays). Revoke it?</source>
        <translation>Les fichiers produits par cet ordinateur seront désormais refusés (ce qui a déjà été importé est conservé). Le révoquer&#xa0;?</translation>
    </message>
</context>
<context>
    <name>DocumentDialog</name>
    <message>
        <source>&amp;Save as PDF…</source>
        <translation>&amp;Enregistrer en PDF…</translation>
    </message>
    <message>
        <source>&amp;Open in the system viewer</source>
        <translation>&amp;Ouvrir dans la visionneuse du système</translation>
    </message>
    <message>
        <source>Print pre&amp;view…</source>
        <translation>&amp;Aperçu avant impression…</translation>
    </message>
    <message>
        <source>&amp;Print…</source>
        <translation>&amp;Imprimer…</translation>
    </message>
    <message>
        <source>Save the document</source>
        <translation>Enregistrer le document</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>Document PDF (*.pdf)</translation>
    </message>
    <message>
        <source>The document could not be saved.</source>
        <translation>Impossible d&apos;enregistrer le document.</translation>
    </message>
    <message>
        <source>Saved to %1</source>
        <translation>Enregistré dans %1</translation>
    </message>
    <message>
        <source>No application could open the PDF.</source>
        <translation>Aucune application n&apos;a pu ouvrir le PDF.</translation>
    </message>
    <message>
        <source>Save it as PDF and open it with a PDF reader.</source>
        <translation>Enregistrez-le en PDF et ouvrez-le avec un lecteur PDF.</translation>
    </message>
    <message>
        <source>Print preview — %1</source>
        <translation>Aperçu avant impression — %1</translation>
    </message>
    <message>
        <source>Print %1</source>
        <translation>Impression — %1</translation>
    </message>
    <message>
        <source>Printing from the application is not available on this computer.</source>
        <translation>L&apos;impression depuis l&apos;application n&apos;est pas disponible sur cet ordinateur.</translation>
    </message>
    <message>
        <source>Save the document as PDF and print it from a PDF reader.</source>
        <translation>Enregistrez le document en PDF et imprimez-le depuis un lecteur PDF.</translation>
    </message>
    <message>
        <source>The document could not be printed.</source>
        <translation>Impossible d&apos;imprimer le document.</translation>
    </message>
</context>
<context>
    <name>Exchange</name>
    <message>
        <source>E&amp;xport workshops…</source>
        <translation>E&amp;xporter des ateliers…</translation>
    </message>
    <message>
        <source>Write workshops to a signed .projter file for the office</source>
        <translation>Enregistrer des ateliers dans un fichier .projter signé, pour le bureau</translation>
    </message>
    <message>
        <source>I&amp;mport workshops…</source>
        <translation>I&amp;mporter des ateliers…</translation>
    </message>
    <message>
        <source>Import .projter files from other laptops (you see what changes first)</source>
        <translation>Importer des fichiers .projter d&apos;autres ordinateurs portables (avec un aperçu des changements)</translation>
    </message>
    <message>
        <source>Import a &amp;folder of exports…</source>
        <translation>Importer un &amp;dossier d&apos;exports…</translation>
    </message>
    <message>
        <source>Import every .projter file of a folder (USB key…)</source>
        <translation>Importer tous les fichiers .projter d&apos;un dossier (clé USB…)</translation>
    </message>
    <message>
        <source>&amp;Trusted devices…</source>
        <translation>&amp;Appareils de confiance…</translation>
    </message>
    <message>
        <source>This computer&apos;s fingerprint; approve or revoke other computers</source>
        <translation>Empreinte de cet ordinateur&#xa0;; approuver ou révoquer d&apos;autres ordinateurs</translation>
    </message>
    <message>
        <source>&amp;Settings</source>
        <translation>Pa&amp;ramètres</translation>
    </message>
    <message>
        <source>Import workshops</source>
        <translation>Importer des ateliers</translation>
    </message>
    <message>
        <source>Projter exports (*.projter);;All files (*)</source>
        <translation>Exports Projter (*.projter);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Import a folder of exports</source>
        <translation>Importer un dossier d&apos;exports</translation>
    </message>
    <message>
        <source>Reading the files…</source>
        <translation>Lecture des fichiers…</translation>
    </message>
    <message>
        <source>No .projter file was found there.</source>
        <translation>Aucun fichier .projter n&apos;a été trouvé à cet endroit.</translation>
    </message>
    <message>
        <source>Export workshops</source>
        <translation>Exporter des ateliers</translation>
    </message>
    <message>
        <source>There is no workshop to export.</source>
        <translation>Il n&apos;y a aucun atelier à exporter.</translation>
    </message>
    <message>
        <source>Projter exports (*.projter)</source>
        <translation>Exports Projter (*.projter)</translation>
    </message>
    <message numerus="yes">
        <source>%n files (import them together):</source>
        <translation>
            <numerusform>%n fichier (à importer ensemble) :</numerusform>
            <numerusform>%n fichiers (à importer ensemble) :</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 workshop(s) exported to %2</source>
        <translation>%1 atelier(s) exporté(s) vers %2</translation>
    </message>
    <message>
        <source>%1 workshop(s) exported to %2.

Signed by this computer, “%3”, fingerprint %4.</source>
        <translation>%1 atelier(s) exporté(s) vers %2.

Signé par cet ordinateur, «&#xa0;%3&#xa0;», empreinte %4.</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>Export en cours…</translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message>
        <source>Export workshops</source>
        <translation>Exporter des ateliers</translation>
    </message>
    <message>
        <source>Workshops to put in the export file (to bring to the office or to another laptop):</source>
        <translation>Ateliers à inclure dans le fichier d&apos;export (à apporter au bureau ou sur un autre ordinateur portable)&#xa0;:</translation>
    </message>
    <message>
        <source>Check &amp;all</source>
        <translation>&amp;Tout cocher</translation>
    </message>
    <message>
        <source>&amp;Uncheck all</source>
        <translation>Tout &amp;décocher</translation>
    </message>
    <message>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
</context>
<context>
    <name>HelpMenu</name>
    <message>
        <source>Demonstration workshop loaded.</source>
        <translation>Atelier de démonstration chargé.</translation>
    </message>
    <message>
        <source>Creating the demonstration workshop…</source>
        <translation>Création de l&apos;atelier de démonstration…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>&amp;Raccourcis clavier</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <source>The language will change the next time Projter starts.</source>
        <translation>La langue changera au prochain démarrage de Projter.</translation>
    </message>
</context>
<context>
    <name>HistoryModel</name>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Workshop</source>
        <translation>Atelier</translation>
    </message>
    <message>
        <source>Communes</source>
        <translation>Communes</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import workshops</source>
        <translation>Importer des ateliers</translation>
    </message>
    <message>
        <source>Computers that made these files</source>
        <translation>Ordinateurs ayant produit ces fichiers</translation>
    </message>
    <message>
        <source>Trust the computer “%1” (fingerprint %2) — %3 file(s)</source>
        <translation>Faire confiance à l&apos;ordinateur «&#xa0;%1&#xa0;» (empreinte %2) — %3 fichier(s)</translation>
    </message>
    <message>
        <source>Compare this fingerprint with the one shown in Settings › Trusted devices on that computer before approving it. Files of a computer you do not approve are not imported.</source>
        <translation>Avant de l&apos;approuver, comparez cette empreinte avec celle affichée dans Paramètres › Appareils de confiance sur l&apos;ordinateur en question. Les fichiers d&apos;un ordinateur que vous n&apos;approuvez pas ne sont pas importés.</translation>
    </message>
    <message>
        <source>Workshops in the files</source>
        <translation>Ateliers contenus dans les fichiers</translation>
    </message>
    <message>
        <source>Workshops</source>
        <translation>Ateliers</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Nouveau</translation>
    </message>
    <message>
        <source>Updated</source>
        <translation>Mis à jour</translation>
    </message>
    <message>
        <source>Identical</source>
        <translation>Identique</translation>
    </message>
    <message>
        <source>Conflict</source>
        <translation>Conflit</translation>
    </message>
    <message>
        <source>this computer</source>
        <translation>cet ordinateur</translation>
    </message>
    <message>
        <source>trusted computer</source>
        <translation>ordinateur de confiance</translation>
    </message>
    <message>
        <source>unknown computer</source>
        <translation>ordinateur inconnu</translation>
    </message>
    <message>
        <source>revoked computer: refused</source>
        <translation>ordinateur révoqué&#xa0;: refusé</translation>
    </message>
    <message>
        <source>computer with another key: refused</source>
        <translation>ordinateur avec une autre clé&#xa0;: refusé</translation>
    </message>
    <message>
        <source>Plans</source>
        <translation>Plans</translation>
    </message>
    <message>
        <source>Directory</source>
        <translation>Annuaire</translation>
    </message>
    <message>
        <source>Attendees</source>
        <translation>Participants</translation>
    </message>
    <message>
        <source>Proxies</source>
        <translation>Procurations</translation>
    </message>
    <message>
        <source>Voting rounds</source>
        <translation>Tours de vote</translation>
    </message>
    <message>
        <source>Ballots</source>
        <translation>Bulletins</translation>
    </message>
    <message>
        <source>Hand counts</source>
        <translation>Décomptes manuels</translation>
    </message>
    <message>
        <source>Decisions</source>
        <translation>Décisions</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Commentaires</translation>
    </message>
    <message>
        <source>Proposals</source>
        <translation>Propositions</translation>
    </message>
    <message>
        <source>Keep mine</source>
        <translation>Garder ma version</translation>
    </message>
    <message>
        <source>Take theirs</source>
        <translation>Prendre leur version</translation>
    </message>
    <message>
        <source>Keep both (copy)</source>
        <translation>Garder les deux (copie)</translation>
    </message>
    <message>
        <source>In preparation</source>
        <translation>En préparation</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Clos</translation>
    </message>
    <message>
        <source>Records</source>
        <translation>Éléments</translation>
    </message>
    <message>
        <source>Refused files (%1)</source>
        <translation>Fichiers refusés (%1)</translation>
    </message>
    <message>
        <source>&amp;Apply</source>
        <translation>&amp;Appliquer</translation>
    </message>
    <message>
        <source>Choice for the conflict on “%1”</source>
        <translation>Choix pour le conflit sur «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>%1 file(s) read and checked, %2 refused. Nothing has been imported yet: check what would change, then Apply.</source>
        <translation>Fichiers lus et vérifiés&#xa0;: %1&#xa0;; refusés&#xa0;: %2. Rien n&apos;a encore été importé&#xa0;: vérifiez ce qui changerait, puis cliquez sur Appliquer.</translation>
    </message>
    <message>
        <source>%1 file(s) from a computer you have not approved will not be imported.</source>
        <translation>Fichiers provenant d&apos;un ordinateur que vous n&apos;avez pas approuvé, qui ne seront pas importés&#xa0;: %1.</translation>
    </message>
    <message>
        <source>Everything in these files is already in the database.</source>
        <translation>Tout le contenu de ces fichiers est déjà dans la base de données.</translation>
    </message>
    <message>
        <source>%1 closed workshop(s) differ from yours: choose for each what to keep.</source>
        <translation>Ateliers clos différents des vôtres&#xa0;: %1. Choisissez pour chacun ce qu&apos;il faut conserver.</translation>
    </message>
    <message>
        <source>Importing workshops…</source>
        <translation>Import des ateliers…</translation>
    </message>
    <message>
        <source>Import finished</source>
        <translation>Import terminé</translation>
    </message>
    <message>
        <source>%1 workshop(s) added, %2 updated, %3 identical or kept; %4 ballot(s) added.</source>
        <translation>Ateliers&#xa0;: %1 ajouté(s), %2 mis à jour, %3 identique(s) ou conservé(s)&#xa0;; bulletins ajoutés&#xa0;: %4.</translation>
    </message>
    <message>
        <source>Import cancelled</source>
        <translation>Import annulé</translation>
    </message>
    <message>
        <source>The import was cancelled: nothing has been imported.</source>
        <translation>L&apos;import a été annulé&#xa0;: rien n&apos;a été importé.</translation>
    </message>
    <message>
        <source>Import refused</source>
        <translation>Import refusé</translation>
    </message>
    <message>
        <source>Nothing has been imported.</source>
        <translation>Rien n&apos;a été importé.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>&amp;Plan</source>
        <extracomment>``install(window)`` functions of the feature modules, in the order of their pages. Pages not built yet (see :meth:`add_lazy_page`): attribute -&gt; (placeholder, build).</extracomment>
        <translation>&amp;Plan</translation>
    </message>
    <message>
        <source>Territorial plan</source>
        <translation>Projet de territoire</translation>
    </message>
    <message>
        <source>Territorial plan shown</source>
        <translation>Projet de territoire affiché</translation>
    </message>
    <message>
        <source>Database: %1</source>
        <translation>Base de données&#xa0;: %1</translation>
    </message>
    <message>
        <source>&amp;Import a plan…</source>
        <translation>&amp;Importer un plan…</translation>
    </message>
    <message>
        <source>Load a territorial plan from a CSV, XLSX or JSON file</source>
        <translation>Charger un projet de territoire depuis un fichier CSV, XLSX ou JSON</translation>
    </message>
    <message>
        <source>&amp;Export the plan…</source>
        <translation>&amp;Exporter le plan…</translation>
    </message>
    <message>
        <source>Save the plan shown as CSV, XLSX or JSON</source>
        <translation>Enregistrer le plan affiché en CSV, XLSX ou JSON</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;About Projter</source>
        <translation>À &amp;propos de Projter</translation>
    </message>
    <message>
        <source>&amp;Find in the plan</source>
        <translation>Rechercher dans le &amp;plan</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Affichage</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>Barre d&apos;outils principale</translation>
    </message>
    <message>
        <source>Plan:</source>
        <translation>Plan&#xa0;:</translation>
    </message>
    <message>
        <source>%1 — %2 actions</source>
        <translation>%1 — %2 actions</translation>
    </message>
    <message>
        <source>Import a territorial plan</source>
        <translation>Importer un projet de territoire</translation>
    </message>
    <message>
        <source>Plan files (*.csv *.xlsx *.json);;All files (*)</source>
        <translation>Fichiers de plan (*.csv *.xlsx *.json);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Plan “%1” imported: %2 actions.</source>
        <translation>Plan «&#xa0;%1&#xa0;» importé&#xa0;: %2 actions.</translation>
    </message>
    <message>
        <source>Export the plan</source>
        <translation>Exporter le plan</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV for Excel (*.csv);;JSON (*.json)</source>
        <translation>Classeur Excel (*.xlsx);;CSV pour Excel (*.csv);;JSON (*.json)</translation>
    </message>
    <message>
        <source>The plan could not be exported.</source>
        <translation>Impossible d&apos;exporter le plan.</translation>
    </message>
    <message>
        <source>Plan exported to %1</source>
        <translation>Plan exporté vers %1</translation>
    </message>
</context>
<context>
    <name>Maintenance</name>
    <message>
        <source>Back &amp;up now</source>
        <extracomment>Everything may have changed after a restore.</extracomment>
        <translation>&amp;Sauvegarder maintenant</translation>
    </message>
    <message>
        <source>Save a copy of the database in the backups folder</source>
        <translation>Enregistrer une copie de la base de données dans le dossier des sauvegardes</translation>
    </message>
    <message>
        <source>&amp;Restore a backup…</source>
        <translation>&amp;Restaurer une sauvegarde…</translation>
    </message>
    <message>
        <source>Replace the database with one of its backups</source>
        <translation>Remplacer la base de données par l&apos;une de ses sauvegardes</translation>
    </message>
    <message>
        <source>&amp;Check the database</source>
        <translation>&amp;Vérifier la base de données</translation>
    </message>
    <message>
        <source>Look for damage or inconsistencies in the database</source>
        <translation>Rechercher des dommages ou des incohérences dans la base de données</translation>
    </message>
    <message>
        <source>Backup saved: %1</source>
        <translation>Sauvegarde enregistrée&#xa0;: %1</translation>
    </message>
    <message>
        <source>The backup failed.</source>
        <translation>La sauvegarde a échoué.</translation>
    </message>
    <message>
        <source>The backup after closing the workshop failed.</source>
        <translation>La sauvegarde après la clôture de l&apos;atelier a échoué.</translation>
    </message>
    <message>
        <source>Workshop closed; backup saved: %1</source>
        <translation>Atelier clos&#xa0;; sauvegarde enregistrée&#xa0;: %1</translation>
    </message>
    <message>
        <source>This backup cannot be restored.</source>
        <translation>Cette sauvegarde ne peut pas être restaurée.</translation>
    </message>
    <message>
        <source>Restore a backup</source>
        <translation>Restaurer une sauvegarde</translation>
    </message>
    <message>
        <source>Replace the current database with the backup “%1”?

The current database is backed up first, so this can be undone.</source>
        <translation>Remplacer la base de données actuelle par la sauvegarde «&#xa0;%1&#xa0;»&#xa0;?

La base actuelle est d&apos;abord sauvegardée&#xa0;: cette opération peut donc être annulée.</translation>
    </message>
    <message>
        <source>The backup could not be restored; the database was not changed.</source>
        <translation>Impossible de restaurer la sauvegarde&#xa0;; la base de données n&apos;a pas été modifiée.</translation>
    </message>
    <message>
        <source>The backup was restored but cannot be opened. Restart Projter.</source>
        <translation>La sauvegarde a été restaurée mais ne peut pas être ouverte. Redémarrez Projter.</translation>
    </message>
    <message>
        <source>Backup restored from %1.</source>
        <translation>Sauvegarde restaurée depuis %1.</translation>
    </message>
    <message>
        <source>The replaced database was saved as %1.</source>
        <translation>La base remplacée a été enregistrée sous %1.</translation>
    </message>
    <message>
        <source>The check could not run.</source>
        <translation>La vérification n&apos;a pas pu être effectuée.</translation>
    </message>
    <message>
        <source>Checking the database…</source>
        <translation>Vérification de la base de données…</translation>
    </message>
</context>
<context>
    <name>NewWorkshopDialog</name>
    <message>
        <source>New workshop</source>
        <translation>Nouvel atelier</translation>
    </message>
    <message>
        <source>e.g. Mobility workshop — north sector</source>
        <translation>ex.&#xa0;: Atelier mobilité — secteur nord</translation>
    </message>
    <message>
        <source>Title of the workshop</source>
        <translation>Titre de l&apos;atelier</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Non définie</translation>
    </message>
    <message>
        <source>Date and time of the workshop</source>
        <translation>Date et heure de l&apos;atelier</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <source>Territorial plan</source>
        <translation>Projet de territoire</translation>
    </message>
    <message>
        <source>Create</source>
        <translation>Créer</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titre&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Date and time:</source>
        <translation>&amp;Date et heure&#xa0;:</translation>
    </message>
    <message>
        <source>P&amp;lace:</source>
        <translation>&amp;Lieu&#xa0;:</translation>
    </message>
    <message>
        <source>Pla&amp;n:</source>
        <translation>Pla&amp;n&#xa0;:</translation>
    </message>
    <message>
        <source>Everything can be changed later; every change is saved at once.</source>
        <translation>Tout peut être modifié plus tard&#xa0;; chaque modification est enregistrée immédiatement.</translation>
    </message>
    <message>
        <source>No territorial plan is loaded: import one first (File › Import a plan…).</source>
        <translation>Aucun projet de territoire n&apos;est chargé&#xa0;: importez-en un d&apos;abord (Fichier › Importer un plan…).</translation>
    </message>
</context>
<context>
    <name>Operations</name>
    <message>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <source>Operation cancelled.</source>
        <translation>Opération annulée.</translation>
    </message>
    <message>
        <source>The change could not be saved (%1). Nothing was recorded; try again.</source>
        <translation>La modification n’a pas pu être enregistrée (%1). Rien n’a été enregistré ; réessayez.</translation>
    </message>
    <message>
        <source>The change was refused.</source>
        <translation>La modification a été refusée.</translation>
    </message>
</context>
<context>
    <name>ParticipantsPanel</name>
    <message>
        <source>Name — Enter adds</source>
        <translation>Nom — Entrée pour ajouter</translation>
    </message>
    <message>
        <source>Name of the new participant</source>
        <translation>Nom du nouveau participant</translation>
    </message>
    <message>
        <source>Type the name, then Tab to the other fields or Enter to add the person.</source>
        <translation>Tapez le nom, puis Tab pour passer aux autres champs ou Entrée pour ajouter la personne.</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Fonction</translation>
    </message>
    <message>
        <source>Role of the new participant</source>
        <translation>Fonction du nouveau participant</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Commune</translation>
    </message>
    <message>
        <source>Commune of the new participant</source>
        <translation>Commune du nouveau participant</translation>
    </message>
    <message>
        <source>Vote weight of the new participant</source>
        <translation>Poids de vote du nouveau participant</translation>
    </message>
    <message>
        <source>Vote weight (1 by default)</source>
        <translation>Poids de vote (1 par défaut)</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>A&amp;jouter</translation>
    </message>
    <message>
        <source>Add this person to the workshop (Enter)</source>
        <translation>Ajouter cette personne à l&apos;atelier (Entrée)</translation>
    </message>
    <message>
        <source>Find someone in the directory (name, role, commune)…</source>
        <translation>Chercher dans l&apos;annuaire (nom, fonction, commune)…</translation>
    </message>
    <message>
        <source>Search the directory of participants</source>
        <translation>Rechercher dans l&apos;annuaire des participants</translation>
    </message>
    <message>
        <source>People met in earlier workshops. ↓ to choose, Enter to add.</source>
        <translation>Personnes rencontrées lors d&apos;ateliers précédents. ↓ pour choisir, Entrée pour ajouter.</translation>
    </message>
    <message>
        <source>People found in the directory</source>
        <translation>Personnes trouvées dans l&apos;annuaire</translation>
    </message>
    <message>
        <source>Present</source>
        <translation>Présent</translation>
    </message>
    <message>
        <source>Mark the selected people present (P)</source>
        <translation>Marquer les personnes sélectionnées comme présentes (P)</translation>
    </message>
    <message>
        <source>Excused</source>
        <translation>Excusé</translation>
    </message>
    <message>
        <source>Mark the selected people excused (E)</source>
        <translation>Marquer les personnes sélectionnées comme excusées (E)</translation>
    </message>
    <message>
        <source>Absent</source>
        <translation>Absent</translation>
    </message>
    <message>
        <source>Mark the selected people absent (A)</source>
        <translation>Marquer les personnes sélectionnées comme absentes (A)</translation>
    </message>
    <message>
        <source>Give proxy…</source>
        <translation>Donner procuration…</translation>
    </message>
    <message>
        <source>The selected person, not present, gives their vote to someone present</source>
        <translation>La personne sélectionnée, non présente, confie son vote à une personne présente</translation>
    </message>
    <message>
        <source>Revoke proxy</source>
        <translation>Révoquer la procuration</translation>
    </message>
    <message>
        <source>Cancel the proxy given by the selected person</source>
        <translation>Annuler la procuration donnée par la personne sélectionnée</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Retirer…</translation>
    </message>
    <message>
        <source>Remove the selected people from the workshop (Del)</source>
        <translation>Retirer de l&apos;atelier les personnes sélectionnées (Suppr)</translation>
    </message>
    <message>
        <source>&amp;Import…</source>
        <translation>I&amp;mporter…</translation>
    </message>
    <message>
        <source>Import participants from a CSV or Excel file</source>
        <translation>Importer des participants depuis un fichier CSV ou Excel</translation>
    </message>
    <message>
        <source>Import participants…</source>
        <translation>Importer des participants…</translation>
    </message>
    <message>
        <source>Import communes…</source>
        <translation>Importer des communes…</translation>
    </message>
    <message>
        <source>Save a blank participants file…</source>
        <translation>Enregistrer un modèle de fichier de participants…</translation>
    </message>
    <message>
        <source>Participants of the workshop</source>
        <translation>Participants de l&apos;atelier</translation>
    </message>
    <message>
        <source>Attendance and quorum</source>
        <translation>Présences et quorum</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Wei&amp;ght:</source>
        <translation>Po&amp;ids&#xa0;:</translation>
    </message>
    <message>
        <source>Add a person</source>
        <translation>Ajouter une personne</translation>
    </message>
    <message>
        <source>Type the name of the person first.</source>
        <translation>Tapez d&apos;abord le nom de la personne.</translation>
    </message>
    <message>
        <source>%1 added.</source>
        <translation>%1 ajouté(e).</translation>
    </message>
    <message>
        <source>(already invited)</source>
        <translation>(déjà invité(e))</translation>
    </message>
    <message>
        <source>Nobody found. Type the name above to add a new person.</source>
        <translation>Personne n&apos;a été trouvé. Tapez le nom ci-dessus pour ajouter une nouvelle personne.</translation>
    </message>
    <message>
        <source>%1 added from the directory.</source>
        <translation>%1 ajouté(e) depuis l&apos;annuaire.</translation>
    </message>
    <message numerus="yes">
        <source>%n people</source>
        <translation>
            <numerusform>%n personne</numerusform>
            <numerusform>%n personnes</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 marked %2.</source>
        <translation>Émargement — %1&#xa0;: %2.</translation>
    </message>
    <message>
        <source>%1 gives a proxy to %2.</source>
        <translation>%1 donne procuration à %2.</translation>
    </message>
    <message>
        <source>Revoke the proxy</source>
        <translation>Révoquer la procuration</translation>
    </message>
    <message>
        <source>Revoke the proxy given by %1 to %2?
%2 will no longer vote for %1.</source>
        <translation>Révoquer la procuration donnée par %1 à %2 ?
%2 ne votera plus pour %1.</translation>
    </message>
    <message>
        <source>Proxy of %1 revoked.</source>
        <translation>Procuration de %1 révoquée.</translation>
    </message>
    <message>
        <source>Remove %1 from this workshop?</source>
        <translation>Retirer %1 de cet atelier&#xa0;?</translation>
    </message>
    <message numerus="yes">
        <source>Remove %n people from this workshop?</source>
        <translation>
            <numerusform>Retirer %n personne de cet atelier&#xa0;?</numerusform>
            <numerusform>Retirer %n personnes de cet atelier&#xa0;?</numerusform>
        </translation>
    </message>
    <message>
        <source>Remove participants</source>
        <translation>Retirer des participants</translation>
    </message>
    <message>
        <source>They stay in the directory of participants.</source>
        <translation>Les personnes retirées restent dans l&apos;annuaire des participants.</translation>
    </message>
    <message numerus="yes">
        <source>%n participant(s) removed.</source>
        <translation>
            <numerusform>%n participant retiré.</numerusform>
            <numerusform>%n participants retirés.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 updated.</source>
        <translation>%1&#xa0;: modification enregistrée.</translation>
    </message>
    <message>
        <source>Import participants</source>
        <translation>Importer des participants</translation>
    </message>
    <message>
        <source>Spreadsheets (*.csv *.xlsx);;All files (*)</source>
        <translation>Tableurs (*.csv *.xlsx);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <source>Importing participants…</source>
        <translation>Import des participants…</translation>
    </message>
    <message>
        <source>%1 people read: %2 invited, %3 new in the directory.</source>
        <translation>Personnes lues&#xa0;: %1&#xa0;; invitées&#xa0;: %2&#xa0;; nouvelles dans l&apos;annuaire&#xa0;: %3.</translation>
    </message>
    <message>
        <source>Already invited, skipped: %1</source>
        <translation>Déjà invitées, ignorées&#xa0;: %1</translation>
    </message>
    <message>
        <source>Columns ignored: %1</source>
        <translation>Colonnes ignorées&#xa0;: %1</translation>
    </message>
    <message>
        <source>Import of participants</source>
        <translation>Import de participants</translation>
    </message>
    <message numerus="yes">
        <source>%n expected</source>
        <translation>
            <numerusform>%n attendu</numerusform>
            <numerusform>%n attendus</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n excused</source>
        <translation>
            <numerusform>%n excusé</numerusform>
            <numerusform>%n excusés</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n absent</source>
        <translation>
            <numerusform>%n absent</numerusform>
            <numerusform>%n absents</numerusform>
        </translation>
    </message>
    <message>
        <source>Import cancelled: nothing was imported.</source>
        <translation>Import annulé&#xa0;: rien n&apos;a été importé.</translation>
    </message>
    <message>
        <source>Import communes</source>
        <translation>Importer des communes</translation>
    </message>
    <message>
        <source>Import of communes</source>
        <translation>Import de communes</translation>
    </message>
    <message>
        <source>Communes: %1 added, %2 completed.</source>
        <translation>Communes&#xa0;: %1 ajoutée(s), %2 complétée(s).</translation>
    </message>
    <message>
        <source>Save a blank participants file</source>
        <translation>Enregistrer un modèle de fichier de participants</translation>
    </message>
    <message>
        <source>CSV for Excel (*.csv)</source>
        <translation>CSV pour Excel (*.csv)</translation>
    </message>
    <message>
        <source>Template saved to %1</source>
        <translation>Modèle enregistré dans %1</translation>
    </message>
    <message numerus="yes">
        <source>%n present</source>
        <translation>
            <numerusform>%n présent</numerusform>
            <numerusform>%n présents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n proxy(ies)</source>
        <translation>
            <numerusform>%n procuration</numerusform>
            <numerusform>%n procurations</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n voter(s)</source>
        <translation>
            <numerusform>%n votant</numerusform>
            <numerusform>%n votants</numerusform>
        </translation>
    </message>
    <message>
        <source>quorum %1 reached</source>
        <translation>quorum de %1 atteint</translation>
    </message>
    <message>
        <source>quorum %1 not reached</source>
        <translation>quorum de %1 non atteint</translation>
    </message>
    <message>
        <source>no quorum set</source>
        <translation>pas de quorum fixé</translation>
    </message>
    <message numerus="yes">
        <source>%n invited</source>
        <translation>
            <numerusform>%n invité</numerusform>
            <numerusform>%n invités</numerusform>
        </translation>
    </message>
    <message>
        <source>A person who is present votes in person: no proxy.</source>
        <translation>Une personne présente vote elle-même&#xa0;: pas de procuration.</translation>
    </message>
</context>
<context>
    <name>PhoneVoting</name>
    <message>
        <source>127.0.0.1 (this computer only)</source>
        <translation>127.0.0.1 (cet ordinateur seulement)</translation>
    </message>
    <message>
        <source>No voting code could be issued.</source>
        <translation>Aucun code de vote n&apos;a pu être émis.</translation>
    </message>
    <message>
        <source>Vote on phones</source>
        <translation>Vote sur téléphone</translation>
    </message>
    <message>
        <source>Phones vote at %1 (QR code on the projector).</source>
        <translation>Les téléphones votent à l&apos;adresse %1 (QR code au projecteur).</translation>
    </message>
    <message>
        <source>Voting slips to print and hand out: %1</source>
        <translation>Fiches de vote à imprimer et distribuer : %1</translation>
    </message>
    <message>
        <source>Open the &amp;slips</source>
        <translation>Ouvrir les &amp;fiches</translation>
    </message>
    <message>
        <source>Stop phone voting? Ballots already recorded stay; the round stays open for typed ballots.</source>
        <translation>Arrêter le vote sur téléphone ? Les bulletins déjà enregistrés restent ; le tour reste ouvert aux bulletins saisis.</translation>
    </message>
    <message>
        <source>Open a named or secret round on the Session page first: phones vote in the open round.</source>
        <translation>Ouvrez d&apos;abord un tour nominatif ou secret dans la page Séance : les téléphones votent dans le tour ouvert.</translation>
    </message>
    <message>
        <source>Network the phones are on:</source>
        <translation>Réseau des téléphones :</translation>
    </message>
    <message>
        <source>Vote on &amp;phones…</source>
        <translation>Vote sur &amp;téléphone…</translation>
    </message>
    <message>
        <source>Serve the open round to the phones of the room (local network, no internet), or stop</source>
        <translation>Servir le tour ouvert aux téléphones de la salle (réseau local, sans internet), ou l&apos;arrêter</translation>
    </message>
    <message>
        <source>Personal &amp;code on screen…</source>
        <translation>&amp;Code personnel à l&apos;écran…</translation>
    </message>
    <message>
        <source>Show a participant a new personal voting code on this screen (lost slip, late arrival)</source>
        <translation>Montrer à un participant un nouveau code de vote personnel sur cet écran (papier perdu, arrivée tardive)</translation>
    </message>
    <message>
        <source>Personal voting code</source>
        <translation>Code de vote personnel</translation>
    </message>
    <message>
        <source>Start phone voting first.</source>
        <translation>Lancez d&apos;abord le vote par téléphone.</translation>
    </message>
    <message>
        <source>A secret round is voted with anonymous voting cards, never with a personal code.</source>
        <translation>Un tour à bulletin secret se vote avec des cartes de vote anonymes, jamais avec un code personnel.</translation>
    </message>
    <message>
        <source>Participant:</source>
        <translation>Participant :</translation>
    </message>
    <message>
        <source>QR code of the ballot</source>
        <translation>QR code du bulletin</translation>
    </message>
    <message>
        <source>Scan the QR code, or type this code at %1:</source>
        <translation>Scannez le QR code, ou tapez ce code sur %1 :</translation>
    </message>
    <message>
        <source>The previous code of this person no longer works.</source>
        <translation>L&apos;ancien code de cette personne ne fonctionne plus.</translation>
    </message>
    <message>
        <source>Phones: %1</source>
        <translation>Téléphones : %1</translation>
    </message>
</context>
<context>
    <name>PlanBrowser</name>
    <message>
        <source>Filter the plan: words, code (e.g. énergie, 2.3)…</source>
        <translation>Filtrer le plan&#xa0;: mots, code (ex.&#xa0;: énergie, 2.3)…</translation>
    </message>
    <message>
        <source>Filter the plan</source>
        <translation>Filtrer le plan</translation>
    </message>
    <message>
        <source>Plan tree</source>
        <translation>Arborescence du plan</translation>
    </message>
    <message>
        <source>Expand all</source>
        <translation>Tout déplier</translation>
    </message>
    <message>
        <source>Expand all (Ctrl++)</source>
        <translation>Tout déplier (Ctrl++)</translation>
    </message>
    <message>
        <source>Collapse all</source>
        <translation>Tout replier</translation>
    </message>
    <message>
        <source>Collapse all (Ctrl+-)</source>
        <translation>Tout replier (Ctrl+-)</translation>
    </message>
    <message>
        <source>Details of the selected item</source>
        <translation>Détails de l&apos;élément sélectionné</translation>
    </message>
    <message>
        <source>No plan loaded.</source>
        <translation>Aucun plan chargé.</translation>
    </message>
    <message numerus="yes">
        <source>%n action(s) match the filter</source>
        <translation>
            <numerusform>%n action correspond au filtre</numerusform>
            <numerusform>%n actions correspondent au filtre</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 axes, %2 orientations, %3 objectives, %4 actions (%5 prioritised, %6 complementary)</source>
        <translation>%1 axes, %2 orientations, %3 objectifs, %4 actions (%5 priorisées, %6 complémentaires)</translation>
    </message>
    <message>
        <source>Select an item of the plan to see its details.</source>
        <translation>Sélectionnez un élément du plan pour en voir le détail.</translation>
    </message>
    <message>
        <source>Title in the summary:</source>
        <translation>Titre dans la synthèse :</translation>
    </message>
    <message>
        <source>Identifier:</source>
        <translation>Identifiant :</translation>
    </message>
</context>
<context>
    <name>PlanModel</name>
    <message>
        <source>Axis</source>
        <translation>Axe</translation>
    </message>
    <message>
        <source>Orientation</source>
        <translation>Orientation</translation>
    </message>
    <message>
        <source>Objective</source>
        <translation>Objectif</translation>
    </message>
    <message>
        <source>Prioritised action</source>
        <translation>Action priorisée</translation>
    </message>
    <message>
        <source>Complementary action</source>
        <translation>Action complémentaire</translation>
    </message>
    <message>
        <source>Plan</source>
        <translation>Plan</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>Prioritised</source>
        <translation>Priorisée</translation>
    </message>
    <message>
        <source>Complementary</source>
        <translation>Complémentaire</translation>
    </message>
</context>
<context>
    <name>PreparationEditor</name>
    <message>
        <source>e.g. Mobility workshop — north sector</source>
        <translation>ex.&#xa0;: Atelier mobilité — secteur nord</translation>
    </message>
    <message>
        <source>Title of the workshop</source>
        <translation>Titre de l&apos;atelier</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Non définie</translation>
    </message>
    <message>
        <source>Date and time of the workshop</source>
        <translation>Date et heure de l&apos;atelier</translation>
    </message>
    <message>
        <source>e.g. Hôtel de communauté, room 2</source>
        <translation>ex.&#xa0;: Hôtel de communauté, salle 2</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <source>Communes concerned, separated by commas</source>
        <translation>Communes concernées, séparées par des virgules</translation>
    </message>
    <message>
        <source>Communes concerned</source>
        <translation>Communes concernées</translation>
    </message>
    <message>
        <source>Separate communes with commas. A new name is added to the list of communes.</source>
        <translation>Séparez les communes par des virgules. Un nouveau nom est ajouté à la liste des communes.</translation>
    </message>
    <message>
        <source>Names of the facilitators</source>
        <translation>Noms des animateur(trice)s</translation>
    </message>
    <message>
        <source>Facilitators</source>
        <translation>Animateur(trice)s</translation>
    </message>
    <message>
        <source>The plan version of a workshop cannot be changed.</source>
        <translation>La version du plan d&apos;un atelier ne peut pas être modifiée.</translation>
    </message>
    <message>
        <source>Default voting method</source>
        <translation>Méthode de vote par défaut</translation>
    </message>
    <message>
        <source>Proposed for each new voting round; each round can use another one.</source>
        <translation>Proposée pour chaque nouveau tour de vote&#xa0;; chaque tour peut en utiliser une autre.</translation>
    </message>
    <message>
        <source>Default voting mode</source>
        <translation>Mode de vote par défaut</translation>
    </message>
    <message>
        <source>No proxies</source>
        <translation>Aucune procuration</translation>
    </message>
    <message>
        <source>Proxies per person</source>
        <translation>Procurations par personne</translation>
    </message>
    <message>
        <source>How many proxies one present person may hold.</source>
        <translation>Nombre de procurations qu&apos;une personne présente peut détenir.</translation>
    </message>
    <message>
        <source>No quorum</source>
        <translation>Pas de quorum</translation>
    </message>
    <message>
        <source>Quorum</source>
        <translation>Quorum</translation>
    </message>
    <message>
        <source>Orientations discussed, in order</source>
        <translation>Orientations abordées, dans l&apos;ordre</translation>
    </message>
    <message>
        <source>Tick the orientations discussed. Alt+Up and Alt+Down change the order.</source>
        <translation>Cochez les orientations abordées. Alt+Haut et Alt+Bas changent l&apos;ordre.</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>Monter</translation>
    </message>
    <message>
        <source>Move the orientation up (Alt+Up)</source>
        <translation>Monter l&apos;orientation (Alt+Haut)</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>Descendre</translation>
    </message>
    <message>
        <source>Move the orientation down (Alt+Down)</source>
        <translation>Descendre l&apos;orientation (Alt+Bas)</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Toutes</translation>
    </message>
    <message>
        <source>Tick every orientation of the plan</source>
        <translation>Cocher toutes les orientations du plan</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Aucune</translation>
    </message>
    <message>
        <source>Untick every orientation</source>
        <translation>Décocher toutes les orientations</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titre&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Date and time:</source>
        <translation>Date et &amp;heure&#xa0;:</translation>
    </message>
    <message>
        <source>P&amp;lace:</source>
        <translation>L&amp;ieu&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Communes:</source>
        <translation>&amp;Communes&#xa0;:</translation>
    </message>
    <message>
        <source>Fac&amp;ilitators:</source>
        <translation>A&amp;nimateur(trice)s&#xa0;:</translation>
    </message>
    <message>
        <source>Plan:</source>
        <translation>Plan&#xa0;:</translation>
    </message>
    <message>
        <source>Voting &amp;method:</source>
        <translation>&amp;Méthode de vote&#xa0;:</translation>
    </message>
    <message>
        <source>Voting m&amp;ode:</source>
        <translation>Mode de &amp;vote&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Quorum:</source>
        <translation>&amp;Quorum&#xa0;:</translation>
    </message>
    <message>
        <source>Pro&amp;xies per person:</source>
        <translation>Proc&amp;urations par personne&#xa0;:</translation>
    </message>
    <message>
        <source>Quorum co&amp;unted on:</source>
        <translation>Quorum co&amp;mpté sur :</translation>
    </message>
    <message>
        <source>C&amp;hair of the session:</source>
        <translation>Présiden&amp;t(e) de séance :</translation>
    </message>
    <message>
        <source>Orie&amp;ntations discussed (in order):</source>
        <translation>Orientations a&amp;bordées (dans l&apos;ordre)&#xa0;:</translation>
    </message>
    <message>
        <source>Workshop</source>
        <translation>Atelier</translation>
    </message>
    <message>
        <source>— nobody —</source>
        <translation>— personne —</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Non enregistré&#xa0;: %1</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Enregistré.</translation>
    </message>
    <message>
        <source>Minimum number of members for a valid vote.</source>
        <translation>Nombre minimal de membres pour qu&apos;un vote soit valable.</translation>
    </message>
    <message>
        <source>Quorum counted on</source>
        <translation>Quorum compté sur</translation>
    </message>
    <message>
        <source>members present (proxies not counted)</source>
        <translation>membres présents (pouvoirs non comptés)</translation>
    </message>
    <message>
        <source>members present or represented</source>
        <translation>membres présents ou représentés</translation>
    </message>
    <message>
        <source>CGCT, art. L2121-17: the quorum counts the members physically present; proxies do not count.</source>
        <translation>CGCT, art. L2121-17 : le quorum s&apos;apprécie sur les membres présents ; les pouvoirs ne comptent pas.</translation>
    </message>
    <message>
        <source>Chair of the session</source>
        <translation>Président(e) de séance</translation>
    </message>
    <message>
        <source>The chair&apos;s vote breaks an equal split of yes and no in named rounds (CGCT, art. L2121-20); never in a secret ballot.</source>
        <translation>En cas de partage égal des voix, la voix du président de séance est prépondérante dans les votes nominatifs (CGCT, art. L2121-20) ; jamais au scrutin secret.</translation>
    </message>
    <message>
        <source>(plan not found)</source>
        <translation>(plan introuvable)</translation>
    </message>
    <message>
        <source>%1 of %2 orientations ticked</source>
        <translation>%1 orientation(s) cochée(s) sur %2</translation>
    </message>
    <message>
        <source>Orientations saved: %1 ticked.</source>
        <translation>Orientations enregistrées&#xa0;: %1 cochée(s).</translation>
    </message>
</context>
<context>
    <name>PreviewModel</name>
    <message>
        <source>File</source>
        <translation>Fichier</translation>
    </message>
    <message>
        <source>Workshop</source>
        <translation>Atelier</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Status in the file</source>
        <translation>Statut dans le fichier</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importation</translation>
    </message>
    <message>
        <source>Your choice</source>
        <translation>Votre choix</translation>
    </message>
    <message>
        <source>Computer to approve</source>
        <translation>Ordinateur à approuver</translation>
    </message>
    <message>
        <source>Fingerprint in the file: %1</source>
        <translation>Empreinte dans le fichier&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>PrintSupport</name>
    <message>
        <source>Minu&amp;tes (PDF)…</source>
        <translation>&amp;Compte-rendu (PDF)…</translation>
    </message>
    <message>
        <source>The minutes of the workshop: attendance, results, decisions</source>
        <translation>Le compte-rendu de l&apos;atelier&#xa0;: présences, résultats, décisions</translation>
    </message>
    <message>
        <source>&amp;Attendance sheet (PDF)…</source>
        <translation>&amp;Feuille d&apos;émargement (PDF)…</translation>
    </message>
    <message>
        <source>The sheet participants sign, grouped by commune</source>
        <translation>La feuille que signent les participants, regroupés par commune</translation>
    </message>
    <message>
        <source>Paper &amp;ballots (PDF)…</source>
        <translation>&amp;Bulletins papier (PDF)…</translation>
    </message>
    <message>
        <source>Ballots to print and cut for a voting round</source>
        <translation>Bulletins à imprimer et à découper pour un tour de vote</translation>
    </message>
    <message>
        <source>Export result&amp;s…</source>
        <translation>Exporter les résul&amp;tats…</translation>
    </message>
    <message>
        <source>The results of every round as an Excel workbook or CSV file</source>
        <translation>Les résultats de chaque tour dans un classeur Excel ou un fichier CSV</translation>
    </message>
    <message>
        <source>There is no workshop yet.</source>
        <translation>Il n&apos;y a encore aucun atelier.</translation>
    </message>
    <message>
        <source>Create a workshop first (File › New workshop…).</source>
        <translation>Créez d&apos;abord un atelier (Fichier › Nouvel atelier…).</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>Annulé.</translation>
    </message>
    <message>
        <source>The document could not be made.</source>
        <translation>Impossible de produire le document.</translation>
    </message>
    <message>
        <source>Preparing the minutes…</source>
        <translation>Préparation du compte-rendu…</translation>
    </message>
    <message numerus="yes">
        <source>The minutes are ready: %n page(s).</source>
        <translation>
            <numerusform>Le compte-rendu est prêt&#xa0;: %n page.</numerusform>
            <numerusform>Le compte-rendu est prêt&#xa0;: %n pages.</numerusform>
        </translation>
    </message>
    <message>
        <source>Preparing the attendance sheet…</source>
        <translation>Préparation de la feuille d&apos;émargement…</translation>
    </message>
    <message numerus="yes">
        <source>The attendance sheet is ready: %n page(s).</source>
        <translation>
            <numerusform>La feuille d&apos;émargement est prête&#xa0;: %n page.</numerusform>
            <numerusform>La feuille d&apos;émargement est prête&#xa0;: %n pages.</numerusform>
        </translation>
    </message>
    <message>
        <source>This workshop has no voting round yet.</source>
        <translation>Cet atelier n&apos;a encore aucun tour de vote.</translation>
    </message>
    <message>
        <source>Create a round first; its ballots can then be printed.</source>
        <translation>Créez d&apos;abord un tour de vote&#xa0;; ses bulletins pourront ensuite être imprimés.</translation>
    </message>
    <message>
        <source>Preparing the ballots…</source>
        <translation>Préparation des bulletins…</translation>
    </message>
    <message numerus="yes">
        <source>The ballots of round %1 are ready: %n page(s).</source>
        <translation>
            <numerusform>Les bulletins du tour %1 sont prêts&#xa0;: %n page.</numerusform>
            <numerusform>Les bulletins du tour %1 sont prêts&#xa0;: %n pages.</numerusform>
        </translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Classeur Excel (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV for Excel (*.csv)</source>
        <translation>CSV pour Excel (*.csv)</translation>
    </message>
    <message>
        <source>Export the results</source>
        <translation>Exporter les résultats</translation>
    </message>
    <message>
        <source>Results exported to %1</source>
        <translation>Résultats exportés vers %1</translation>
    </message>
    <message>
        <source>The results could not be exported.</source>
        <translation>Impossible d&apos;exporter les résultats.</translation>
    </message>
    <message>
        <source>Exporting the results…</source>
        <translation>Export des résultats…</translation>
    </message>
</context>
<context>
    <name>ProjectorController</name>
    <message>
        <source>&amp;Projector</source>
        <extracomment>Called before the projector window is first made (the Session page, built on first use, then gives its state).</extracomment>
        <translation>&amp;Projecteur</translation>
    </message>
    <message>
        <source>Show the workshop on the projector, full screen on the chosen screen (F5)</source>
        <translation>Afficher l&apos;atelier au projecteur, en plein écran sur l&apos;écran choisi (F5)</translation>
    </message>
    <message>
        <source>Projector &amp;screen</source>
        <translation>É&amp;cran du projecteur</translation>
    </message>
    <message>
        <source>Screen %1: %2 (%3×%4)</source>
        <translation>Écran %1&#xa0;: %2 (%3×%4)</translation>
    </message>
</context>
<context>
    <name>ProjectorWindow</name>
    <message>
        <source>Projter — projector</source>
        <extracomment>Colour-blind-safe bar colours (Okabe &amp; Ito), indexed by ``ProjectorResult.segments``. Hatching over the segments of the two lowest grades: told apart without colour at all. Row type size at 1080 px of height (scaled with the window height). Never smaller than this at 1080 px (24 px → 17 px at 768).</extracomment>
        <translation>Projter — projecteur</translation>
    </message>
    <message>
        <source>Projector</source>
        <translation>Projecteur</translation>
    </message>
    <message>
        <source>Time&apos;s up</source>
        <translation>Temps écoulé</translation>
    </message>
    <message>
        <source>running</source>
        <translation>en cours</translation>
    </message>
    <message>
        <source>paused</source>
        <translation>en pause</translation>
    </message>
    <message>
        <source>Page %1 / %2</source>
        <translation>Page %1 / %2</translation>
    </message>
    <message>
        <source>Vote on your phone</source>
        <translation>Votez sur votre téléphone</translation>
    </message>
</context>
<context>
    <name>ProposalDialog</name>
    <message>
        <source>Propose an action</source>
        <translation>Proposer une action</translation>
    </message>
    <message>
        <source>Name of the elected official (optional)</source>
        <translation>Nom de l&apos;élu(e) (facultatif)</translation>
    </message>
    <message>
        <source>&amp;Objective:</source>
        <translation>&amp;Objectif&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Action proposed:</source>
        <translation>&amp;Action proposée&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Kind:</source>
        <translation>&amp;Type&#xa0;:</translation>
    </message>
    <message>
        <source>Proposed &amp;by:</source>
        <translation>Proposée &amp;par&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Propose</source>
        <translation>P&amp;roposer</translation>
    </message>
    <message>
        <source>Write the action proposed.</source>
        <translation>Rédigez l&apos;action proposée.</translation>
    </message>
</context>
<context>
    <name>ProxyDialog</name>
    <message>
        <source>Give a proxy</source>
        <translation>Donner procuration</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; gives their vote to:</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; confie son vote à&#xa0;:</translation>
    </message>
    <message>
        <source>Filter by name or commune</source>
        <translation>Filtrer par nom ou commune</translation>
    </message>
    <message>
        <source>Filter the possible proxy holders</source>
        <translation>Filtrer les mandataires possibles</translation>
    </message>
    <message>
        <source>Proxy holder</source>
        <translation>Mandataire</translation>
    </message>
    <message numerus="yes">
        <source>already holds %n proxy(ies)</source>
        <translation>
            <numerusform>détient déjà %n procuration</numerusform>
            <numerusform>détient déjà %n procurations</numerusform>
        </translation>
    </message>
    <message>
        <source>Give the proxy</source>
        <translation>Donner procuration</translation>
    </message>
    <message>
        <source>Choose who will vote for this person.</source>
        <translation>Choisissez qui votera pour cette personne.</translation>
    </message>
</context>
<context>
    <name>RankingModel</name>
    <message>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Score</source>
        <translation>Note</translation>
    </message>
    <message>
        <source>Workshops</source>
        <translation>Ateliers</translation>
    </message>
    <message>
        <source>Voters</source>
        <translation>Votants</translation>
    </message>
    <message>
        <source>P1</source>
        <translation>P1</translation>
    </message>
    <message>
        <source>P2</source>
        <translation>P2</translation>
    </message>
    <message>
        <source>P3</source>
        <translation>P3</translation>
    </message>
    <message>
        <source>Combined score from 0 to 1: the mean of the action&apos;s place in each round (1 = first), weighted by the voters of each round</source>
        <translation>Note combinée de 0 à 1&#xa0;: moyenne de la place de l&apos;action dans chaque tour (1 = première), pondérée par le nombre de votants de chaque tour</translation>
    </message>
    <message>
        <source>Workshops where the facilitator decided Priority 1</source>
        <translation>Ateliers où l&apos;animateur(trice) a décidé «&#xa0;Priorité 1&#xa0;»</translation>
    </message>
    <message>
        <source>Workshops where the facilitator decided Priority 2</source>
        <translation>Ateliers où l&apos;animateur(trice) a décidé «&#xa0;Priorité 2&#xa0;»</translation>
    </message>
    <message>
        <source>Workshops where the facilitator decided Priority 3</source>
        <translation>Ateliers où l&apos;animateur(trice) a décidé «&#xa0;Priorité 3&#xa0;»</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <source>Restore a backup</source>
        <translation>Restaurer une sauvegarde</translation>
    </message>
    <message>
        <source>Choose the backup to restore. The current database is backed up first.</source>
        <translation>Choisissez la sauvegarde à restaurer. La base de données actuelle est d&apos;abord sauvegardée.</translation>
    </message>
    <message>
        <source>Backups</source>
        <translation>Sauvegardes</translation>
    </message>
    <message>
        <source>No backup yet. Use File → Back up now.</source>
        <translation>Aucune sauvegarde pour l&apos;instant. Utilisez Fichier → Sauvegarder maintenant.</translation>
    </message>
    <message>
        <source>&amp;Restore</source>
        <translation>&amp;Restaurer</translation>
    </message>
    <message>
        <source>Other &amp;file…</source>
        <translation>Autre &amp;fichier…</translation>
    </message>
    <message>
        <source>at start-up</source>
        <translation>au démarrage</translation>
    </message>
    <message>
        <source>after closing a workshop</source>
        <translation>après la clôture d&apos;un atelier</translation>
    </message>
    <message>
        <source>by hand</source>
        <translation>manuelle</translation>
    </message>
    <message>
        <source>before a restore</source>
        <translation>avant une restauration</translation>
    </message>
    <message>
        <source>Choose a backup</source>
        <translation>Choisir une sauvegarde</translation>
    </message>
    <message>
        <source>Projter databases (*.sqlite3 *.sqlite *.db);;All files (*)</source>
        <translation>Bases de données Projter (*.sqlite3 *.sqlite *.db);;Tous les fichiers (*)</translation>
    </message>
</context>
<context>
    <name>ResultsModel</name>
    <message>
        <source>Rank</source>
        <translation>Rang</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Résultat</translation>
    </message>
    <message>
        <source>Tied with another action: same rank.</source>
        <translation>Ex æquo avec une autre action&#xa0;: même rang.</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <source>Mayor</source>
        <extracomment>A tint behind the status cell, so that &quot;Présent&quot; and &quot;Absent&quot; differ at a glance and not only by a small icon; translucent so that it reads on light and dark themes alike.</extracomment>
        <translation>Maire</translation>
    </message>
    <message>
        <source>Deputy mayor</source>
        <translation>Adjoint(e) au maire</translation>
    </message>
    <message>
        <source>Community councillor</source>
        <translation>Conseiller(ère) communautaire</translation>
    </message>
    <message>
        <source>Municipal councillor</source>
        <translation>Conseiller(ère) municipal(e)</translation>
    </message>
    <message>
        <source>Vice-president</source>
        <translation>Vice-président(e)</translation>
    </message>
    <message>
        <source>Technical officer</source>
        <translation>Technicien(ne)</translation>
    </message>
    <message>
        <source>Partner</source>
        <translation>Partenaire</translation>
    </message>
    <message>
        <source>Citizen</source>
        <translation>Citoyen(ne)</translation>
    </message>
</context>
<context>
    <name>RoundChooser</name>
    <message>
        <source>Paper ballots</source>
        <translation>Bulletins papier</translation>
    </message>
    <message>
        <source>Round %1 — %2</source>
        <translation>Tour %1 — %2</translation>
    </message>
    <message>
        <source>&amp;Round:</source>
        <translation>&amp;Tour&#xa0;:</translation>
    </message>
    <message>
        <source>One per expected voice</source>
        <translation>Un par voix attendue</translation>
    </message>
    <message>
        <source>&amp;Ballots:</source>
        <translation>&amp;Bulletins&#xa0;:</translation>
    </message>
</context>
<context>
    <name>RoundDialog</name>
    <message>
        <source>New voting round — %1</source>
        <translation>Nouveau tour de vote — %1</translation>
    </message>
    <message>
        <source>e.g. Priorities of orientation %1</source>
        <translation>ex.&#xa0;: Priorités de l&apos;orientation %1</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sans limite</translation>
    </message>
    <message>
        <source>Count as “%1”</source>
        <translation>Compter comme «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Ignore</source>
        <translation>Ignorer</translation>
    </message>
    <message>
        <source>none</source>
        <translation>aucun</translation>
    </message>
    <message>
        <source>&amp;Open the round now</source>
        <translation>&amp;Ouvrir le tour tout de suite</translation>
    </message>
    <message>
        <source>&amp;Title:</source>
        <translation>&amp;Titre&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Method:</source>
        <translation>&amp;Méthode&#xa0;:</translation>
    </message>
    <message>
        <source>Mo&amp;de:</source>
        <translation>Mo&amp;de&#xa0;:</translation>
    </message>
    <message>
        <source>Dots per voter:</source>
        <translation>Gommettes par votant&#xa0;:</translation>
    </message>
    <message>
        <source>Most dots on one action:</source>
        <translation>Maximum de gommettes par action&#xa0;:</translation>
    </message>
    <message>
        <source>Lowest score:</source>
        <translation>Note minimale&#xa0;:</translation>
    </message>
    <message>
        <source>Highest score:</source>
        <translation>Note maximale&#xa0;:</translation>
    </message>
    <message>
        <source>Actions not graded:</source>
        <translation>Actions sans mention&#xa0;:</translation>
    </message>
    <message>
        <source>Scale from:</source>
        <translation>Échelle de&#xa0;:</translation>
    </message>
    <message>
        <source>Scale to:</source>
        <translation>Échelle à&#xa0;:</translation>
    </message>
    <message>
        <source>Casting &amp;vote of the chair in case of a tie</source>
        <translation>&amp;Voix prépondérante du président en cas de partage</translation>
    </message>
    <message>
        <source>CGCT, art. L2121-20: when yes and no are equal, the chair&apos;s vote decides, except in a secret ballot.</source>
        <translation>CGCT, art. L2121-20 : en cas de partage égal des voix, la voix du président est prépondérante, sauf en cas de scrutin secret.</translation>
    </message>
    <message>
        <source>Members present (proxies not counted, CGCT art. L2121-17)</source>
        <translation>Membres présents (pouvoirs non comptés, CGCT art. L2121-17)</translation>
    </message>
    <message>
        <source>Members present or represented</source>
        <translation>Membres présents ou représentés</translation>
    </message>
    <message>
        <source>Modified Borda: a ranking of k actions gives k points to its first</source>
        <translation>Borda modifiée : un classement de k actions donne k points à la première</translation>
    </message>
    <message>
        <source>Classic Borda: n − r points, unranked 0</source>
        <translation>Borda classique : n − r points, non classée 0</translation>
    </message>
    <message>
        <source>An action rated by fewer voters than this is ranked after the others: no action wins on one vote.</source>
        <translation>Une action évaluée par moins de votants que cette part est classée après les autres : aucune action ne gagne sur une seule voix.</translation>
    </message>
    <message>
        <source>Ma&amp;jority:</source>
        <translation>Ma&amp;jorité :</translation>
    </message>
    <message>
        <source>&amp;Points:</source>
        <translation>&amp;Points :</translation>
    </message>
    <message>
        <source>Rated by at least:</source>
        <translation>Évaluée par au moins :</translation>
    </message>
    <message>
        <source>&amp;Quorum (members):</source>
        <translation>&amp;Quorum (membres) :</translation>
    </message>
    <message>
        <source>Quorum &amp;counted on:</source>
        <translation>Quorum &amp;compté sur :</translation>
    </message>
    <message>
        <source>&amp;Create</source>
        <translation>&amp;Créer</translation>
    </message>
    <message>
        <source>&amp;Actions voted on:</source>
        <translation>&amp;Actions soumises au vote&#xa0;:</translation>
    </message>
    <message>
        <source>Never in a secret ballot nor in a count by hand (CGCT, art. L2121-20).</source>
        <translation>Jamais au scrutin secret ni pour un décompte manuel (CGCT, art. L2121-20).</translation>
    </message>
    <message>
        <source>Name the chair of the session in the preparation first.</source>
        <translation>Désignez d&apos;abord le président de séance dans la préparation.</translation>
    </message>
    <message>
        <source>Each voter says yes, no or abstain on each action.</source>
        <translation>Chaque votant se prononce pour, contre ou s&apos;abstient sur chaque action.</translation>
    </message>
    <message>
        <source>Each voter spreads a number of dots over the actions.</source>
        <translation>Chaque votant répartit un nombre de gommettes entre les actions.</translation>
    </message>
    <message>
        <source>Each voter gives each action a score; ranked by the mean.</source>
        <translation>Chaque votant donne une note à chaque action&#xa0;; classement selon la moyenne.</translation>
    </message>
    <message>
        <source>Each voter ranks the actions; points by rank (Borda).</source>
        <translation>Chaque votant classe les actions&#xa0;; points selon le rang (Borda).</translation>
    </message>
    <message>
        <source>Each voter gives each action a grade; ranked by the median grade.</source>
        <translation>Chaque votant attribue une mention à chaque action&#xa0;; classement selon la mention médiane.</translation>
    </message>
    <message>
        <source>Each voter approves as many actions as they wish.</source>
        <translation>Chaque votant approuve autant d&apos;actions qu&apos;il le souhaite.</translation>
    </message>
    <message>
        <source>Each voter scores impact and feasibility; four quadrants.</source>
        <translation>Chaque votant note l&apos;impact et la faisabilité&#xa0;; quatre quadrants.</translation>
    </message>
    <message>
        <source>Tick at least one action.</source>
        <translation>Cochez au moins une action.</translation>
    </message>
    <message>
        <source>The highest score must be above the lowest.</source>
        <translation>La note maximale doit être supérieure à la note minimale.</translation>
    </message>
    <message>
        <source>The top of the scale must be above its bottom.</source>
        <translation>Le haut de l&apos;échelle doit être supérieur au bas.</translation>
    </message>
    <message>
        <source>Vote on &amp;phones (the room&apos;s local network, no internet)</source>
        <translation>Vote sur &amp;téléphone (réseau local de la salle, sans internet)</translation>
    </message>
    <message>
        <source>Participants vote from their phones: the projector shows a QR code and a short address; the laptop serves the round on the chosen network and stops when the round closes.</source>
        <translation>Les participants votent depuis leur téléphone : le projecteur affiche un QR code et une adresse courte ; l&apos;ordinateur sert le tour sur le réseau choisi et s&apos;arrête à la clôture du tour.</translation>
    </message>
    <message>
        <source>Network interface for phone voting</source>
        <translation>Interface réseau du vote sur téléphone</translation>
    </message>
</context>
<context>
    <name>SessionPage</name>
    <message>
        <source>Workshop run</source>
        <translation>Atelier de la séance</translation>
    </message>
    <message>
        <source>&amp;Workshop:</source>
        <translation>A&amp;telier&#xa0;:</translation>
    </message>
    <message>
        <source>Debate timer</source>
        <translation>Minuteur du débat</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Démarrer</translation>
    </message>
    <message>
        <source>Start or pause the debate timer (also Space on the projector)</source>
        <translation>Démarrer ou mettre en pause le minuteur du débat (aussi Espace sur le projecteur)</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>Réinitialiser</translation>
    </message>
    <message>
        <source> min</source>
        <translation> min</translation>
    </message>
    <message>
        <source>Length of the debate</source>
        <translation>Durée du débat</translation>
    </message>
    <message>
        <source>Close the wor&amp;kshop…</source>
        <translation>Clôt&amp;urer l&apos;atelier…</translation>
    </message>
    <message>
        <source>Freeze the workshop: no change is possible afterwards; its content is fingerprinted for the minutes.</source>
        <translation>Figer l&apos;atelier&#xa0;: plus aucune modification n&apos;est possible ensuite&#xa0;; son contenu reçoit une empreinte pour le compte-rendu.</translation>
    </message>
    <message>
        <source>Timer:</source>
        <translation>Minuteur&#xa0;:</translation>
    </message>
    <message>
        <source>Previous</source>
        <translation>Précédente</translation>
    </message>
    <message>
        <source>Previous orientation (PageUp, Alt+←)</source>
        <translation>Orientation précédente (Page préc, Alt+←)</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Suivante</translation>
    </message>
    <message>
        <source>Next orientation (PageDown, Alt+→)</source>
        <translation>Orientation suivante (Page suiv, Alt+→)</translation>
    </message>
    <message>
        <source>Objectives and actions of the orientation</source>
        <translation>Objectifs et actions de l&apos;orientation</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Code</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Décision</translation>
    </message>
    <message>
        <source>— no decision —</source>
        <translation>— aucune décision —</translation>
    </message>
    <message>
        <source>Why this decision (shown in the minutes)</source>
        <translation>Motif de la décision (repris dans le compte-rendu)</translation>
    </message>
    <message>
        <source>Record the &amp;decision</source>
        <translation>Enre&amp;gistrer la décision</translation>
    </message>
    <message>
        <source>Record the decision (Ctrl+Enter in the rationale)</source>
        <translation>Enregistrer la décision (Ctrl+Entrée dans la justification)</translation>
    </message>
    <message>
        <source>D&amp;ecision:</source>
        <translation>Déc&amp;ision&#xa0;:</translation>
    </message>
    <message>
        <source>&amp;Rationale:</source>
        <translation>&amp;Justification&#xa0;:</translation>
    </message>
    <message>
        <source>A remark from the room, then Enter</source>
        <translation>Une remarque de la salle, puis Entrée</translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation>A&amp;jouter</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Supprimer</translation>
    </message>
    <message>
        <source>&amp;Propose an action…</source>
        <translation>Proposer une act&amp;ion…</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>Commentaires</translation>
    </message>
    <message>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <source>Proposals</source>
        <translation>Propositions</translation>
    </message>
    <message>
        <source>Voting rounds of the orientation</source>
        <translation>Tours de vote de l&apos;orientation</translation>
    </message>
    <message>
        <source>&amp;New round…</source>
        <translation>&amp;Nouveau tour…</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>&amp;Ouvrir</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>&amp;Clôturer</translation>
    </message>
    <message>
        <source>Close the round: no more votes; its results are revealed</source>
        <translation>Clôturer le tour&#xa0;: plus aucun vote&#xa0;; ses résultats sont affichés</translation>
    </message>
    <message>
        <source>Re&amp;veal the results</source>
        <translation>Affic&amp;her les résultats</translation>
    </message>
    <message>
        <source>Delete a round that holds no vote</source>
        <translation>Supprimer un tour qui ne contient aucun vote</translation>
    </message>
    <message>
        <source>Co&amp;rrect a ballot…</source>
        <translation>Corri&amp;ger un bulletin…</translation>
    </message>
    <message>
        <source>Change the marks of a ballot already recorded in this named round (the round keeps the correction in its history)</source>
        <translation>Modifier les mentions d’un bulletin déjà enregistré dans ce tour nominatif (le tour garde la correction dans son historique)</translation>
    </message>
    <message>
        <source>Results of the round</source>
        <translation>Résultats du tour</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Résultats</translation>
    </message>
    <message>
        <source>Votes</source>
        <translation>Votes</translation>
    </message>
    <message>
        <source>Voting rounds of this orientation:</source>
        <translation>Tours de vote de cette orientation&#xa0;:</translation>
    </message>
    <message>
        <source>%1 (closed)</source>
        <translation>%1 (clos)</translation>
    </message>
    <message>
        <source>No workshop yet: create one on the Workshops page.</source>
        <translation>Aucun atelier pour l&apos;instant&#xa0;: créez-en un dans l&apos;onglet Ateliers.</translation>
    </message>
    <message>
        <source>Closed — read-only. Fingerprint: %1</source>
        <translation>Clos — lecture seule. Empreinte&#xa0;: %1</translation>
    </message>
    <message>
        <source>SHA-256 fingerprint: %1</source>
        <translation>Empreinte SHA-256&#xa0;: %1</translation>
    </message>
    <message>
        <source>In preparation</source>
        <translation>En préparation</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Orientation %1 / %2</source>
        <translation>Orientation %1 / %2</translation>
    </message>
    <message>
        <source>Select an action in the list.</source>
        <translation>Sélectionnez une action dans la liste.</translation>
    </message>
    <message>
        <source>Comments on %1:</source>
        <translation>Commentaires sur %1&#xa0;:</translation>
    </message>
    <message>
        <source>Comments on the orientation:</source>
        <translation>Commentaires sur l&apos;orientation&#xa0;:</translation>
    </message>
    <message>
        <source>(proposed by %1)</source>
        <translation>(proposée par %1)</translation>
    </message>
    <message>
        <source>Proposals (%1)</source>
        <translation>Propositions (%1)</translation>
    </message>
    <message>
        <source>Round %1 · %2 — %3, %4 — %5</source>
        <translation>Tour %1 · %2 — %3, %4 — %5</translation>
    </message>
    <message>
        <source>&amp;Hide the results</source>
        <translation>Mas&amp;quer les résultats</translation>
    </message>
    <message>
        <source>No voting round for this orientation yet.</source>
        <translation>Aucun tour de vote pour cette orientation.</translation>
    </message>
    <message>
        <source>Create a round (New round…) to vote on the actions of this orientation.</source>
        <translation>Créez un tour (Nouveau tour…) pour voter sur les actions de cette orientation.</translation>
    </message>
    <message>
        <source>This workshop is closed.</source>
        <translation>Cet atelier est clos.</translation>
    </message>
    <message>
        <source>No results yet.</source>
        <translation>Pas encore de résultats.</translation>
    </message>
    <message>
        <source>Round %1 “%2” — %3, %4 — %5</source>
        <translation>Tour %1 «&#xa0;%2&#xa0;» — %3, %4 — %5</translation>
    </message>
    <message>
        <source>This round is not open yet: press Open to start the vote.</source>
        <translation>Ce tour n&apos;est pas encore ouvert&#xa0;: cliquez sur Ouvrir pour lancer le vote.</translation>
    </message>
    <message>
        <source>No vote yet.</source>
        <translation>Aucun vote pour l&apos;instant.</translation>
    </message>
    <message>
        <source>counted by hand</source>
        <translation>décompte manuel</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>Results are hidden. Reveal them (or close the round) to show them here and on the projector.</source>
        <translation>Les résultats sont masqués. Affichez-les (ou clôturez le tour) pour les voir ici et au projecteur.</translation>
    </message>
    <message>
        <source>Close the round</source>
        <translation>Clôturer le tour</translation>
    </message>
    <message>
        <source>Only %1 of the %2 papers in the urn have been counted.

Close round %3 anyway? The papers not entered will not count.</source>
        <translation>Seuls %1 des %2 bulletins de l&apos;urne ont été dépouillés.

Clôturer quand même le tour %3 ? Les bulletins non saisis ne compteront pas.</translation>
    </message>
    <message>
        <source>%1 present voters have not voted: %2.

Close round %3 anyway? They will not be able to vote in it afterwards.</source>
        <translation>%1 votants présents n&apos;ont pas voté : %2.

Clôturer quand même le tour %3 ? Ils ne pourront plus y voter ensuite.</translation>
    </message>
    <message>
        <source>Delete the round</source>
        <translation>Supprimer le tour</translation>
    </message>
    <message>
        <source>Delete round %1 “%2”? It holds no vote.</source>
        <translation>Supprimer le tour %1 «&#xa0;%2&#xa0;»&#xa0;? Il ne contient aucun vote.</translation>
    </message>
    <message>
        <source>Close the register of round %1? %2 papers are in the urn.</source>
        <translation>Clore l&apos;émargement du tour %1 ? %2 bulletins sont dans l&apos;urne.</translation>
    </message>
    <message>
        <source>%1 present voters have not signed: they will not be able to vote in this round.</source>
        <translation>%1 présent(s) n&apos;ont pas émargé : ils ne pourront plus voter dans ce tour.</translation>
    </message>
    <message>
        <source>Close the register</source>
        <translation>Clore l&apos;émargement</translation>
    </message>
    <message>
        <source>Ballot of %1 corrected (kept in the round&apos;s history).</source>
        <translation>Bulletin de %1 corrigé (gardé dans l’historique du tour).</translation>
    </message>
    <message>
        <source>round %1</source>
        <translation>tour %1</translation>
    </message>
    <message>
        <source>%1 and %2 others</source>
        <translation>%1 et %2 autres</translation>
    </message>
    <message>
        <source>Close the workshop “%1”?</source>
        <translation>Clôturer l&apos;atelier «&#xa0;%1&#xa0;»&#xa0;?</translation>
    </message>
    <message>
        <source>Open rounds are closed and their results revealed (%1 open). The workshop is then frozen: no vote, decision or comment can be changed, and this cannot be undone.</source>
        <translation>Les tours ouverts sont clôturés et leurs résultats affichés (tours ouverts&#xa0;: %1). L&apos;atelier est ensuite figé&#xa0;: plus aucun vote, aucune décision ni aucun commentaire ne peut être modifié, et cette opération est irréversible.</translation>
    </message>
    <message>
        <source>… and %1 others</source>
        <translation>… et %1 autres</translation>
    </message>
    <message>
        <source>%1 actions of the workshop have no decision:</source>
        <translation>%1 actions de l&apos;atelier n&apos;ont pas de décision :</translation>
    </message>
    <message>
        <source>Close the workshop</source>
        <translation>Clôturer l&apos;atelier</translation>
    </message>
    <message>
        <source>Workshop closed</source>
        <translation>Atelier clos</translation>
    </message>
    <message>
        <source>The workshop is closed. Its fingerprint (printed in the minutes):
%1</source>
        <translation>L&apos;atelier est clos. Son empreinte (imprimée dans le compte-rendu)&#xa0;:
%1</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <source>No workshop</source>
        <extracomment>Colour index of blank votes in a yes/no bar.</extracomment>
        <translation>Aucun atelier</translation>
    </message>
    <message>
        <source>Round %1 · %2 · %3</source>
        <translation>Tour %1 · %2 · %3</translation>
    </message>
    <message>
        <source>counting: %1 / %2 papers</source>
        <translation>dépouillement : %1 / %2 bulletins</translation>
    </message>
    <message>
        <source>ballot box: %1 / %2 have voted</source>
        <translation>urne : %1 / %2 ont voté</translation>
    </message>
    <message>
        <source>Results hidden until they are revealed</source>
        <translation>Résultats masqués jusqu&apos;à leur affichage</translation>
    </message>
    <message>
        <source>&amp;Session</source>
        <translation>&amp;Séance</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Participants: mark present / excused / absent</source>
        <extracomment>Bundled third-party parts and their licences, shown in About.</extracomment>
        <translation>Participants : marquer présent / excusé / absent</translation>
    </message>
    <message>
        <source>Session: previous / next orientation</source>
        <translation>Séance : orientation précédente / suivante</translation>
    </message>
    <message>
        <source>PgUp / PgDown, Alt+← / Alt+→</source>
        <translation>Page préc. / Page suiv., Alt+← / Alt+→</translation>
    </message>
    <message>
        <source>Session: previous / next page of the projector</source>
        <translation>Séance : page précédente / suivante du projecteur</translation>
    </message>
    <message>
        <source>Ballot entry: choose the voter (secret round: sign the register)</source>
        <translation>Saisie des bulletins : choisir le votant (vote secret : émarger)</translation>
    </message>
    <message>
        <source>a few letters of the name, Enter</source>
        <translation>quelques lettres du nom, Entrée</translation>
    </message>
    <message>
        <source>Ballot entry: mark an action and go to the next</source>
        <translation>Saisie des bulletins : noter une action et passer à la suivante</translation>
    </message>
    <message>
        <source>1–5 or the first letter of the choice</source>
        <translation>1–5 ou la première lettre du choix</translation>
    </message>
    <message>
        <source>Ballot entry: clear a mark</source>
        <translation>Saisie des bulletins : effacer une note</translation>
    </message>
    <message>
        <source>Del</source>
        <translation>Suppr</translation>
    </message>
    <message>
        <source>Ballot entry: record the ballot or the paper</source>
        <translation>Saisie des bulletins : enregistrer le bulletin</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>Entrée</translation>
    </message>
    <message>
        <source>Ballot entry: start the ballot again</source>
        <translation>Saisie des bulletins : recommencer le bulletin</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Échap</translation>
    </message>
    <message>
        <source>Projector: full screen on / off</source>
        <translation>Projecteur : plein écran ou fenêtre</translation>
    </message>
    <message>
        <source>Projector: start / pause the timer</source>
        <translation>Projecteur : lancer / suspendre le minuteur</translation>
    </message>
    <message>
        <source>Space</source>
        <translation>Espace</translation>
    </message>
    <message>
        <source>Projector: reset the timer / one minute more or less</source>
        <translation>Projecteur : remettre le minuteur / une minute de plus ou de moins</translation>
    </message>
    <message>
        <source>Projector: previous / next page</source>
        <translation>Projecteur : page précédente / suivante</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>Raccourcis clavier</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>Raccourci</translation>
    </message>
    <message>
        <source>Every action is also reachable from the menus with Alt and the underlined letter.</source>
        <translation>Chaque action est aussi accessible depuis les menus avec Alt et la lettre soulignée.</translation>
    </message>
</context>
<context>
    <name>Startup</name>
    <message>
        <source>This database is already in use.</source>
        <translation>Cette base de données est déjà utilisée.</translation>
    </message>
    <message>
        <source>An operation was interrupted the last time (the computer stopped, or the disk was full). It was dealt with:</source>
        <translation>Une opération a été interrompue la dernière fois (ordinateur arrêté, ou disque plein). Voici ce qui a été fait&#xa0;:</translation>
    </message>
    <message>
        <source>The database cannot be opened.</source>
        <extracomment>Locks held for the databases opened here, by resolved path (a restore replaces the Database object of the window, not its file). Start-up backups scheduled or running, by resolved path of the database.</extracomment>
        <translation>Impossible d&apos;ouvrir la base de données.</translation>
    </message>
    <message>
        <source>The database is damaged and no valid backup was found. The file was left untouched: keep it, and ask for help before doing anything else with it.</source>
        <translation>La base de données est endommagée et aucune sauvegarde valide n&apos;a été trouvée. Le fichier n&apos;a pas été modifié&#xa0;: conservez-le et demandez de l&apos;aide avant d&apos;en faire quoi que ce soit.</translation>
    </message>
    <message>
        <source>The database is damaged. Restore the newest valid backup?</source>
        <translation>La base de données est endommagée. Restaurer la sauvegarde valide la plus récente&#xa0;?</translation>
    </message>
    <message>
        <source>The damaged file will be kept aside, renamed, and not deleted.</source>
        <translation>Le fichier endommagé sera mis de côté et renommé, sans être supprimé.</translation>
    </message>
    <message>
        <source>The backup could not be restored.</source>
        <translation>Impossible de restaurer la sauvegarde.</translation>
    </message>
    <message>
        <source>The backup was restored. The damaged file was kept as:</source>
        <translation>La sauvegarde a été restaurée. Le fichier endommagé a été conservé sous&#xa0;:</translation>
    </message>
    <message>
        <source>The start-up backup failed. You can go on working; back up by hand soon.</source>
        <translation>La sauvegarde au démarrage a échoué. Vous pouvez continuer à travailler&#xa0;; faites bientôt une sauvegarde manuelle.</translation>
    </message>
</context>
<context>
    <name>Turnout</name>
    <message numerus="yes">
        <source>%n voter(s)</source>
        <translation>
            <numerusform>%n votant</numerusform>
            <numerusform>%n votants</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n present</source>
        <translation>
            <numerusform>%n présent</numerusform>
            <numerusform>%n présents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n proxy(ies)</source>
        <translation>
            <numerusform>, %n procuration</numerusform>
            <numerusform>, %n procurations</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message numerus="yes">
        <source>This round is closed: %n ballot(s).</source>
        <translation>
            <numerusform>Ce tour est clos&#xa0;: %n bulletin.</numerusform>
            <numerusform>Ce tour est clos&#xa0;: %n bulletins.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Undo</name>
    <message>
        <source>Ballot of %1</source>
        <translation>Bulletin de %1</translation>
    </message>
    <message>
        <source>Signature of %1</source>
        <translation>Émargement de %1</translation>
    </message>
    <message>
        <source>Close the register</source>
        <translation>Clore l&apos;émargement</translation>
    </message>
    <message>
        <source>Paper %1</source>
        <translation>Bulletin %1</translation>
    </message>
    <message>
        <source>Correction of the ballot of %1</source>
        <translation>Correction du bulletin de %1</translation>
    </message>
    <message>
        <source>Counts of %1</source>
        <translation>Décomptes&#xa0;: %1</translation>
    </message>
    <message>
        <source>New round</source>
        <translation>Nouveau tour</translation>
    </message>
    <message>
        <source>New round “%1”</source>
        <translation>Nouveau tour «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Close “%1”</source>
        <translation>Clôturer «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Hide the results of “%1”</source>
        <translation>Masquer les résultats de «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Reveal the results of “%1”</source>
        <translation>Afficher les résultats de «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Decision on %1</source>
        <translation>Décision sur %1</translation>
    </message>
    <message>
        <source>Comment on %1</source>
        <translation>Commentaire sur %1</translation>
    </message>
    <message>
        <source>Delete a comment</source>
        <translation>Supprimer un commentaire</translation>
    </message>
    <message>
        <source>Proposal “%1”</source>
        <translation>Proposition «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>Delete the proposal “%1”</source>
        <translation>Supprimer la proposition «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>&amp;Annuler</translation>
    </message>
    <message>
        <source>&amp;Undo %1</source>
        <translation>&amp;Annuler&#xa0;: %1</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>&amp;Rétablir</translation>
    </message>
    <message>
        <source>&amp;Redo %1</source>
        <translation>&amp;Rétablir&#xa0;: %1</translation>
    </message>
    <message>
        <source>This cannot be undone now.</source>
        <translation>Impossible d&apos;annuler pour le moment.</translation>
    </message>
</context>
<context>
    <name>Voting</name>
    <message>
        <source>Yes / no / abstain</source>
        <translation>Pour / contre / abstention</translation>
    </message>
    <message>
        <source>For / against / abstain</source>
        <extracomment>Delay after the last key stroke before a text field is saved (ms). The value of the date field meaning &quot;no date yet&quot;.</extracomment>
        <translation>Pour / contre / abstention</translation>
    </message>
    <message>
        <source>Dot voting</source>
        <translation>Gommettes</translation>
    </message>
    <message>
        <source>Scores</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Ranking (Borda)</source>
        <translation>Classement (Borda)</translation>
    </message>
    <message>
        <source>Majority judgment</source>
        <translation>Jugement majoritaire</translation>
    </message>
    <message>
        <source>Approval</source>
        <translation>Approbation</translation>
    </message>
    <message>
        <source>Impact × feasibility</source>
        <translation>Impact × faisabilité</translation>
    </message>
    <message>
        <source>Named vote</source>
        <translation>Vote nominatif</translation>
    </message>
    <message>
        <source>Secret vote</source>
        <translation>Vote secret</translation>
    </message>
    <message>
        <source>Secret ballot</source>
        <translation>Vote secret</translation>
    </message>
    <message>
        <source>Counted by hand (show of hands, paper ballots)</source>
        <translation>Décompte manuel (main levée, bulletins papier)</translation>
    </message>
    <message>
        <source>named</source>
        <translation>nominatif</translation>
    </message>
    <message>
        <source>secret</source>
        <translation>secret</translation>
    </message>
    <message>
        <source>counted by hand</source>
        <translation>décompte manuel</translation>
    </message>
    <message>
        <source>not open yet</source>
        <translation>pas encore ouvert</translation>
    </message>
    <message>
        <source>open</source>
        <translation>ouvert</translation>
    </message>
    <message>
        <source>closed</source>
        <translation>clos</translation>
    </message>
    <message>
        <source>Top priority</source>
        <translation>Très prioritaire</translation>
    </message>
    <message>
        <source>Priority</source>
        <translation>Prioritaire</translation>
    </message>
    <message>
        <source>Useful</source>
        <translation>Utile</translation>
    </message>
    <message>
        <source>Of little use</source>
        <translation>Peu utile</translation>
    </message>
    <message>
        <source>To abandon</source>
        <translation>À abandonner</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Pour</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Contre</translation>
    </message>
    <message>
        <source>Abstain</source>
        <translation>Abstention</translation>
    </message>
    <message>
        <source>Blank</source>
        <translation>Blanc</translation>
    </message>
    <message>
        <source>, casting vote of the chair</source>
        <translation>, voix prépondérante du président</translation>
    </message>
    <message>
        <source>modified Borda</source>
        <translation>Borda modifiée</translation>
    </message>
    <message>
        <source>classic Borda</source>
        <translation>Borda classique</translation>
    </message>
    <message>
        <source>absolute majority of the votes expressed</source>
        <translation>majorité absolue des suffrages exprimés</translation>
    </message>
    <message>
        <source>relative majority</source>
        <translation>majorité relative</translation>
    </message>
    <message>
        <source>two-thirds majority of the votes expressed</source>
        <translation>majorité des deux tiers des suffrages exprimés</translation>
    </message>
    <message>
        <source>unanimity of the votes expressed</source>
        <translation>unanimité des suffrages exprimés</translation>
    </message>
    <message>
        <source>absolute majority of the voters</source>
        <translation>majorité absolue des votants</translation>
    </message>
    <message>
        <source>Absolute majority of the votes expressed (CGCT art. L2121-20)</source>
        <translation>Majorité absolue des suffrages exprimés (CGCT, art. L2121-20)</translation>
    </message>
    <message>
        <source>Relative (simple) majority: more yes than no</source>
        <translation>Majorité relative (ou simple) : plus de pour que de contre</translation>
    </message>
    <message>
        <source>Two-thirds majority of the votes expressed</source>
        <translation>Majorité des deux tiers des suffrages exprimés</translation>
    </message>
    <message>
        <source>Unanimity of the votes expressed</source>
        <translation>Unanimité des suffrages exprimés</translation>
    </message>
    <message>
        <source>Absolute majority of the voters (abstentions and blank votes count as cast)</source>
        <translation>Majorité absolue des votants (abstentions et votes blancs comptés)</translation>
    </message>
    <message>
        <source>Priority 1</source>
        <translation>Priorité 1</translation>
    </message>
    <message>
        <source>Priority 2</source>
        <translation>Priorité 2</translation>
    </message>
    <message>
        <source>Priority 3</source>
        <translation>Priorité 3</translation>
    </message>
    <message>
        <source>Kept as complementary</source>
        <translation>Maintenue complémentaire</translation>
    </message>
    <message>
        <source>Adjourned</source>
        <translation>Ajournée</translation>
    </message>
    <message>
        <source>Abandoned</source>
        <translation>Abandonnée</translation>
    </message>
    <message>
        <source>Prioritised</source>
        <translation>Priorisée</translation>
    </message>
    <message>
        <source>Complementary</source>
        <translation>Complémentaire</translation>
    </message>
    <message>
        <source>%1 (tie)</source>
        <translation>%1 (ex æquo)</translation>
    </message>
</context>
<context>
    <name>WelcomeDialog</name>
    <message>
        <source>Welcome to Projter</source>
        <translation>Bienvenue dans Projter</translation>
    </message>
    <message>
        <source>&lt;h2&gt;Welcome&lt;/h2&gt;&lt;p&gt;Projter helps you run consultation workshops on the Projet de Territoire: prepare the participants, vote on the actions orientation by orientation, record the decisions and print the minutes — without any network.&lt;/p&gt;&lt;p&gt;The Alès Agglomération 2018 plan is already loaded. Would you like to explore a complete demonstration workshop first?&lt;/p&gt;</source>
        <translation>&lt;h2&gt;Bienvenue&lt;/h2&gt;&lt;p&gt;Projter vous aide à animer des ateliers de concertation sur le Projet de Territoire&#xa0;: préparer les participants, voter sur les actions orientation par orientation, consigner les décisions et imprimer le compte-rendu — sans aucun réseau.&lt;/p&gt;&lt;p&gt;Le plan 2018 d&apos;Alès Agglomération est déjà chargé. Souhaitez-vous d&apos;abord découvrir un atelier de démonstration complet&#xa0;?&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Load the &amp;demonstration workshop</source>
        <translation>Charger l&apos;atelier de &amp;démonstration</translation>
    </message>
    <message>
        <source>Start &amp;empty</source>
        <translation>Commencer à &amp;vide</translation>
    </message>
</context>
<context>
    <name>WorkshopChooser</name>
    <message>
        <source>Choose a workshop</source>
        <translation>Choisir un atelier</translation>
    </message>
    <message>
        <source>Which workshop?</source>
        <translation>Quel atelier&#xa0;?</translation>
    </message>
    <message>
        <source>Workshops</source>
        <translation>Ateliers</translation>
    </message>
</context>
<context>
    <name>Workshops</name>
    <message>
        <source>In preparation</source>
        <translation>En préparation</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>En cours</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>Clos</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Place</source>
        <translation>Lieu</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Statut</translation>
    </message>
    <message>
        <source>People</source>
        <translation>Personnes</translation>
    </message>
    <message>
        <source>Rounds</source>
        <translation>Tours</translation>
    </message>
    <message>
        <source>Local time</source>
        <translation>Heure locale</translation>
    </message>
    <message>
        <source>People invited</source>
        <translation>Personnes invitées</translation>
    </message>
    <message>
        <source>Voting rounds</source>
        <translation>Tours de vote</translation>
    </message>
</context>
<context>
    <name>WorkshopsPage</name>
    <message>
        <source>Workshops</source>
        <translation>Ateliers</translation>
    </message>
    <message>
        <source>Enter or double-click opens the workshop; Ins creates one; Del deletes it.</source>
        <translation>Entrée ou double-clic&#xa0;: ouvrir l&apos;atelier&#xa0;; Inser&#xa0;: en créer un&#xa0;; Suppr&#xa0;: le supprimer.</translation>
    </message>
    <message>
        <source>&amp;New…</source>
        <translation>&amp;Nouveau…</translation>
    </message>
    <message>
        <source>Create a workshop (Ins, Ctrl+N)</source>
        <translation>Créer un atelier (Inser, Ctrl+N)</translation>
    </message>
    <message>
        <source>&amp;Open</source>
        <translation>Ou&amp;vrir</translation>
    </message>
    <message>
        <source>Open the selected workshop (Enter)</source>
        <translation>Ouvrir l&apos;atelier sélectionné (Entrée)</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>S&amp;upprimer…</translation>
    </message>
    <message>
        <source>Delete the selected workshop (Del)</source>
        <translation>Supprimer l&apos;atelier sélectionné (Suppr)</translation>
    </message>
    <message>
        <source>No workshop yet. Create the first one with “New…” (Ins or Ctrl+N).</source>
        <translation>Aucun atelier pour l&apos;instant. Créez le premier avec «&#xa0;Nouveau…&#xa0;» (Inser ou Ctrl+N).</translation>
    </message>
    <message>
        <source>All workshops</source>
        <translation>Tous les ateliers</translation>
    </message>
    <message>
        <source>Back to the list of workshops (Alt+Left)</source>
        <translation>Retour à la liste des ateliers (Alt+Gauche)</translation>
    </message>
    <message>
        <source>This workshop is closed</source>
        <translation>Cet atelier est clos</translation>
    </message>
    <message>
        <source>Preparation</source>
        <translation>Préparation</translation>
    </message>
    <message>
        <source>Participants and attendance</source>
        <translation>Participants et présences</translation>
    </message>
    <message>
        <source>Ctrl+Tab: next tab, Ctrl+Shift+Tab: previous tab</source>
        <translation>Ctrl+Tab&#xa0;: onglet suivant, Ctrl+Maj+Tab&#xa0;: onglet précédent</translation>
    </message>
    <message numerus="yes">
        <source>%n workshop(s)</source>
        <translation>
            <numerusform>%n atelier</numerusform>
            <numerusform>%n ateliers</numerusform>
        </translation>
    </message>
    <message>
        <source>Closed on %1 — fingerprint %2. Nothing can be changed any more.</source>
        <translation>Clos le %1 — empreinte %2. Plus rien ne peut être modifié.</translation>
    </message>
    <message>
        <source>The fingerprint (SHA-256) is printed in the minutes and travels in the export file.</source>
        <translation>L&apos;empreinte (SHA-256) est imprimée dans le compte-rendu et accompagne le fichier d&apos;export.</translation>
    </message>
    <message>
        <source>Workshop “%1” created.</source>
        <translation>Atelier «&#xa0;%1&#xa0;» créé.</translation>
    </message>
    <message>
        <source>A closed workshop cannot be deleted.</source>
        <translation>Un atelier clos ne peut pas être supprimé.</translation>
    </message>
    <message numerus="yes">
        <source>%n person(s) invited</source>
        <translation>
            <numerusform>%n personne invitée</numerusform>
            <numerusform>%n personnes invitées</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n voting round(s)</source>
        <translation>
            <numerusform>%n tour de vote</numerusform>
            <numerusform>%n tours de vote</numerusform>
        </translation>
    </message>
    <message>
        <source>Delete the workshop</source>
        <translation>Supprimer l&apos;atelier</translation>
    </message>
    <message>
        <source>Delete the workshop “%1”?</source>
        <translation>Supprimer l&apos;atelier «&#xa0;%1&#xa0;»&#xa0;?</translation>
    </message>
    <message>
        <source>This cannot be undone. The people stay in the directory.</source>
        <translation>Cette opération est irréversible. Les personnes restent dans l&apos;annuaire.</translation>
    </message>
    <message>
        <source>Workshop “%1” deleted.</source>
        <translation>Atelier «&#xa0;%1&#xa0;» supprimé.</translation>
    </message>
    <message>
        <source>&amp;Workshops</source>
        <translation>Ate&amp;liers</translation>
    </message>
    <message>
        <source>&amp;New workshop…</source>
        <translation>&amp;Nouvel atelier…</translation>
    </message>
    <message>
        <source>Create a workshop: title, date, place, plan</source>
        <translation>Créer un atelier : titre, date, lieu, plan</translation>
    </message>
    <message>
        <source>New workshop (Ctrl+N)</source>
        <translation>Nouvel atelier (Ctrl+N)</translation>
    </message>
</context>
</TS>
