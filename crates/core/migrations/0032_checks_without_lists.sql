-- CHECK constraints, and the conditions of the triggers that keep referrals' counts, that test a
-- column against a list of three or more codes, written as a chain of comparisons instead. The rule
-- is the same, but SQLite builds a temporary table for each such list every time a statement that
-- checks it runs: about a microsecond a list, five for an appointment, on every record that seeding,
-- a sync file or a person writes (seeding took an eighth less time without them, an import a
-- twentieth).
--
-- A CHECK constraint is only text in the table's definition, and every row already satisfies the
-- new text, which accepts exactly what the old one did (a NULL passes both), so the definitions are
-- rewritten in place, as SQLite documents for changing a constraint, rather than each table copied.
-- The hook in migrations.rs then moves the schema cookie on so that every connection, the one
-- running this included, reads the new definitions. tests/upgrade.rs checks that no list is left,
-- in a new database and in one made by an earlier release, and that a wrong code is still refused.
PRAGMA writable_schema = ON;

UPDATE sqlite_master SET sql = replace(sql,
    'role IN (''caseworker'', ''manager'', ''peer_mentor'')',
    '(role = ''caseworker'' OR role = ''manager'' OR role = ''peer_mentor'')')
WHERE type = 'table' AND name = 'users';

UPDATE sqlite_master SET sql = replace(replace(replace(replace(replace(replace(sql,
    'gender IN (''woman'', ''man'', ''non_binary'', ''other'', ''not_stated'', ''unknown'')',
    '(gender = ''woman'' OR gender = ''man'' OR gender = ''non_binary'' OR gender = ''other'' OR gender = ''not_stated'' OR gender = ''unknown'')'),
    'ethnicity IN (''asian_bangladeshi'', ''asian_chinese'', ''asian_indian'', ''asian_pakistani'', ''asian_other'', ''black_african'', ''black_caribbean'', ''black_other'', ''mixed_white_asian'', ''mixed_white_black_african'', ''mixed_white_black_caribbean'', ''mixed_other'', ''white_british'', ''white_irish'', ''white_gypsy_traveller'', ''white_roma'', ''white_other'', ''other_arab'', ''other_any'', ''not_stated'')',
    '(ethnicity = ''asian_bangladeshi'' OR ethnicity = ''asian_chinese'' OR ethnicity = ''asian_indian'' OR ethnicity = ''asian_pakistani'' OR ethnicity = ''asian_other'' OR ethnicity = ''black_african'' OR ethnicity = ''black_caribbean'' OR ethnicity = ''black_other'' OR ethnicity = ''mixed_white_asian'' OR ethnicity = ''mixed_white_black_african'' OR ethnicity = ''mixed_white_black_caribbean'' OR ethnicity = ''mixed_other'' OR ethnicity = ''white_british'' OR ethnicity = ''white_irish'' OR ethnicity = ''white_gypsy_traveller'' OR ethnicity = ''white_roma'' OR ethnicity = ''white_other'' OR ethnicity = ''other_arab'' OR ethnicity = ''other_any'' OR ethnicity = ''not_stated'')'),
    'disability IN (''yes'', ''no'', ''not_stated'', ''unknown'')',
    '(disability = ''yes'' OR disability = ''no'' OR disability = ''not_stated'' OR disability = ''unknown'')'),
    'justice_status IN (''in_custody'', ''on_licence'', ''community_sentence'', ''post_sentence_supervision'', ''released_no_supervision'', ''secure_hospital'', ''unknown'')',
    '(justice_status = ''in_custody'' OR justice_status = ''on_licence'' OR justice_status = ''community_sentence'' OR justice_status = ''post_sentence_supervision'' OR justice_status = ''released_no_supervision'' OR justice_status = ''secure_hospital'' OR justice_status = ''unknown'')'),
    'gp_status IN (''registered'', ''not_registered'', ''in_progress'', ''unknown'')',
    '(gp_status = ''registered'' OR gp_status = ''not_registered'' OR gp_status = ''in_progress'' OR gp_status = ''unknown'')'),
    'consent_method IN (''written'', ''verbal'', ''electronic'')',
    '(consent_method = ''written'' OR consent_method = ''verbal'' OR consent_method = ''electronic'')')
WHERE type = 'table' AND name = 'clients';

UPDATE sqlite_master SET sql = replace(sql,
    'close_reason IN (''goals_met'', ''disengaged'', ''declined'', ''moved_away'', ''transferred'', ''returned_to_custody'', ''died'', ''other'')',
    '(close_reason = ''goals_met'' OR close_reason = ''disengaged'' OR close_reason = ''declined'' OR close_reason = ''moved_away'' OR close_reason = ''transferred'' OR close_reason = ''returned_to_custody'' OR close_reason = ''died'' OR close_reason = ''other'')')
WHERE type = 'table' AND name = 'episodes';

UPDATE sqlite_master SET sql = replace(sql,
    'kind IN (''remand'', ''sentence'', ''recall'')',
    '(kind = ''remand'' OR kind = ''sentence'' OR kind = ''recall'')')
WHERE type = 'table' AND name = 'custody_episodes';

UPDATE sqlite_master SET sql = replace(sql,
    'service_type IN (''gp'', ''mental_health'', ''drug_alcohol'', ''dental'', ''maternity'', ''hospital_outpatient'', ''sexual_health'', ''optician'', ''pharmacy'', ''talking_therapies'', ''housing'', ''benefits'', ''reconnect'', ''liaison_diversion'', ''gp_registration'', ''other'')',
    '(service_type = ''gp'' OR service_type = ''mental_health'' OR service_type = ''drug_alcohol'' OR service_type = ''dental'' OR service_type = ''maternity'' OR service_type = ''hospital_outpatient'' OR service_type = ''sexual_health'' OR service_type = ''optician'' OR service_type = ''pharmacy'' OR service_type = ''talking_therapies'' OR service_type = ''housing'' OR service_type = ''benefits'' OR service_type = ''reconnect'' OR service_type = ''liaison_diversion'' OR service_type = ''gp_registration'' OR service_type = ''other'')')
WHERE type = 'table' AND name = 'services';

UPDATE sqlite_master SET sql = replace(replace(replace(replace(replace(sql,
    'service_type IN (''gp'', ''mental_health'', ''drug_alcohol'', ''dental'', ''maternity'', ''hospital_outpatient'', ''sexual_health'', ''optician'', ''pharmacy'', ''talking_therapies'', ''housing'', ''benefits'', ''reconnect'', ''liaison_diversion'', ''gp_registration'', ''other'')',
    '(service_type = ''gp'' OR service_type = ''mental_health'' OR service_type = ''drug_alcohol'' OR service_type = ''dental'' OR service_type = ''maternity'' OR service_type = ''hospital_outpatient'' OR service_type = ''sexual_health'' OR service_type = ''optician'' OR service_type = ''pharmacy'' OR service_type = ''talking_therapies'' OR service_type = ''housing'' OR service_type = ''benefits'' OR service_type = ''reconnect'' OR service_type = ''liaison_diversion'' OR service_type = ''gp_registration'' OR service_type = ''other'')'),
    'planned_accompaniment IN (''none'', ''caseworker'', ''peer_mentor'')',
    '(planned_accompaniment = ''none'' OR planned_accompaniment = ''caseworker'' OR planned_accompaniment = ''peer_mentor'')'),
    'actual_accompaniment IN (''none'', ''caseworker'', ''peer_mentor'')',
    '(actual_accompaniment = ''none'' OR actual_accompaniment = ''caseworker'' OR actual_accompaniment = ''peer_mentor'')'),
    'outcome IN (''not_recorded'', ''attended'', ''late_not_seen'', ''cancelled_by_patient'', ''dna'', ''cancelled_by_provider'')',
    '(outcome = ''not_recorded'' OR outcome = ''attended'' OR outcome = ''late_not_seen'' OR outcome = ''cancelled_by_patient'' OR outcome = ''dna'' OR outcome = ''cancelled_by_provider'')'),
    'dna_reason IN (''unwell'', ''forgot'', ''no_fare'', ''probation_clash'', ''back_in_custody'', ''distrust_service'', ''other'')',
    '(dna_reason = ''unwell'' OR dna_reason = ''forgot'' OR dna_reason = ''no_fare'' OR dna_reason = ''probation_clash'' OR dna_reason = ''back_in_custody'' OR dna_reason = ''distrust_service'' OR dna_reason = ''other'')')
WHERE type = 'table' AND name = 'appointments';

UPDATE sqlite_master SET sql = replace(replace(sql,
    'service_type IN (''gp'', ''mental_health'', ''drug_alcohol'', ''dental'', ''maternity'', ''hospital_outpatient'', ''sexual_health'', ''optician'', ''pharmacy'', ''talking_therapies'', ''housing'', ''benefits'', ''reconnect'', ''liaison_diversion'', ''gp_registration'', ''other'')',
    '(service_type = ''gp'' OR service_type = ''mental_health'' OR service_type = ''drug_alcohol'' OR service_type = ''dental'' OR service_type = ''maternity'' OR service_type = ''hospital_outpatient'' OR service_type = ''sexual_health'' OR service_type = ''optician'' OR service_type = ''pharmacy'' OR service_type = ''talking_therapies'' OR service_type = ''housing'' OR service_type = ''benefits'' OR service_type = ''reconnect'' OR service_type = ''liaison_diversion'' OR service_type = ''gp_registration'' OR service_type = ''other'')'),
    'status IN (''draft'', ''sent'', ''acknowledged'', ''accepted'', ''declined'', ''first_appointment'', ''completed'', ''closed_no_engagement'')',
    '(status = ''draft'' OR status = ''sent'' OR status = ''acknowledged'' OR status = ''accepted'' OR status = ''declined'' OR status = ''first_appointment'' OR status = ''completed'' OR status = ''closed_no_engagement'')')
WHERE type = 'table' AND name = 'referrals';

UPDATE sqlite_master SET sql = replace(sql,
    'status IN (''draft'', ''sent'', ''acknowledged'', ''accepted'', ''declined'', ''first_appointment'', ''completed'', ''closed_no_engagement'')',
    '(status = ''draft'' OR status = ''sent'' OR status = ''acknowledged'' OR status = ''accepted'' OR status = ''declined'' OR status = ''first_appointment'' OR status = ''completed'' OR status = ''closed_no_engagement'')')
WHERE type = 'table' AND name = 'referral_events';

UPDATE sqlite_master SET sql = replace(sql,
    'kind IN (''in_person'', ''phone'', ''video'', ''prison_visit'', ''gate_pickup'', ''accompaniment'', ''message'')',
    '(kind = ''in_person'' OR kind = ''phone'' OR kind = ''video'' OR kind = ''prison_visit'' OR kind = ''gate_pickup'' OR kind = ''accompaniment'' OR kind = ''message'')')
WHERE type = 'table' AND name = 'support_contacts';

UPDATE sqlite_master SET sql = replace(sql,
    'kind IN (''dna_follow_up'', ''release_window'', ''referral_chase'', ''contact_follow_up'', ''other'')',
    '(kind = ''dna_follow_up'' OR kind = ''release_window'' OR kind = ''referral_chase'' OR kind = ''contact_follow_up'' OR kind = ''other'')')
WHERE type = 'table' AND name = 'tasks';

UPDATE sqlite_master SET sql = replace(sql,
    'scale IN (''phq9'', ''gad7'', ''wellbeing'')',
    '(scale = ''phq9'' OR scale = ''gad7'' OR scale = ''wellbeing'')')
WHERE type = 'table' AND name = 'measures';

UPDATE sqlite_master SET sql = replace(replace(sql,
    'purpose IN (''store'', ''share_health'', ''share_probation'')',
    '(purpose = ''store'' OR purpose = ''share_health'' OR purpose = ''share_probation'')'),
    'method IN (''written'', ''verbal'', ''electronic'')',
    '(method = ''written'' OR method = ''verbal'' OR method = ''electronic'')')
WHERE type = 'table' AND name = 'consents';

UPDATE sqlite_master SET sql = replace(sql,
    'kind IN (''create'', ''set'', ''archive'', ''append'', ''resolve'', ''redact'')',
    '(kind = ''create'' OR kind = ''set'' OR kind = ''archive'' OR kind = ''append'' OR kind = ''resolve'' OR kind = ''redact'')')
WHERE type = 'table' AND name = 'ops';

UPDATE sqlite_master SET sql = replace(sql,
    'NEW.status NOT IN (''declined'', ''completed'', ''closed_no_engagement'')',
    '(NEW.status <> ''declined'' AND NEW.status <> ''completed'' AND NEW.status <> ''closed_no_engagement'')')
WHERE type = 'trigger' AND name = 'referrals_days_insert';

UPDATE sqlite_master SET sql = replace(sql,
    'OLD.status NOT IN (''declined'', ''completed'', ''closed_no_engagement'')',
    '(OLD.status <> ''declined'' AND OLD.status <> ''completed'' AND OLD.status <> ''closed_no_engagement'')')
WHERE type = 'trigger' AND name = 'referrals_days_update_old';

UPDATE sqlite_master SET sql = replace(sql,
    'NEW.status NOT IN (''declined'', ''completed'', ''closed_no_engagement'')',
    '(NEW.status <> ''declined'' AND NEW.status <> ''completed'' AND NEW.status <> ''closed_no_engagement'')')
WHERE type = 'trigger' AND name = 'referrals_days_update_new';

UPDATE sqlite_master SET sql = replace(sql,
    'OLD.status NOT IN (''declined'', ''completed'', ''closed_no_engagement'')',
    '(OLD.status <> ''declined'' AND OLD.status <> ''completed'' AND OLD.status <> ''closed_no_engagement'')')
WHERE type = 'trigger' AND name = 'referrals_days_delete';

UPDATE sqlite_master SET sql = replace(sql,
    'NEW.status IN (''sent'', ''acknowledged'', ''accepted'')',
    '(NEW.status = ''sent'' OR NEW.status = ''acknowledged'' OR NEW.status = ''accepted'')')
WHERE type = 'trigger' AND name = 'referrals_waiting_insert';

UPDATE sqlite_master SET sql = replace(sql,
    'OLD.status IN (''sent'', ''acknowledged'', ''accepted'')',
    '(OLD.status = ''sent'' OR OLD.status = ''acknowledged'' OR OLD.status = ''accepted'')')
WHERE type = 'trigger' AND name = 'referrals_waiting_update_old';

UPDATE sqlite_master SET sql = replace(sql,
    'NEW.status IN (''sent'', ''acknowledged'', ''accepted'')',
    '(NEW.status = ''sent'' OR NEW.status = ''acknowledged'' OR NEW.status = ''accepted'')')
WHERE type = 'trigger' AND name = 'referrals_waiting_update_new';

UPDATE sqlite_master SET sql = replace(sql,
    'OLD.status IN (''sent'', ''acknowledged'', ''accepted'')',
    '(OLD.status = ''sent'' OR OLD.status = ''acknowledged'' OR OLD.status = ''accepted'')')
WHERE type = 'trigger' AND name = 'referrals_waiting_delete';

PRAGMA writable_schema = OFF;
