//! The closed sets of the model.
//!
//! Each set is a Rust enum with its stored code (`snake_case`, also the JSON and CSV value) and a plain
//! English label. The same codes are `CHECK`ed in SQL; a test reads the schema and fails if the two ever
//! disagree. Parsing accepts the code or the label, in any case, so a spreadsheet column saying
//! "On licence" is understood.

use std::fmt;
use std::str::FromStr;

use crate::{Error, Result};

/// Implemented by every closed set.
pub trait ClosedSet: Sized + Copy + 'static {
    /// Every member, in display order.
    const ALL: &'static [Self];
    /// Name of the set in words, for messages.
    const NAME: &'static str;
    /// Stored code.
    fn code(self) -> &'static str;
    /// Label for people.
    fn label(self) -> &'static str;

    /// Parses a code or a label (case, spaces, hyphens and underscores do not matter).
    fn parse_for(field: &str, input: &str) -> Result<Self> {
        // A stored value is its code exactly: found without building a string per member (reading a
        // year of figures parses hundreds of thousands of them).
        if let Some(v) = Self::ALL.iter().copied().find(|v| v.code() == input) {
            return Ok(v);
        }
        let key = normalise(input);
        Self::ALL
            .iter()
            .copied()
            .find(|v| normalise(v.code()) == key || normalise(v.label()) == key)
            .ok_or_else(|| {
                let allowed: Vec<&str> = Self::ALL.iter().map(|v| v.code()).collect();
                if input.trim().is_empty() {
                    Error::invalid(field, format!("A {} is needed here.", Self::NAME))
                } else {
                    Error::invalid(
                        field,
                        format!(
                            "'{}' is not a {} we know. Use one of: {}.",
                            input.trim(),
                            Self::NAME,
                            allowed.join(", ")
                        ),
                    )
                }
            })
    }
}

fn normalise(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

macro_rules! closed_set {
    ($(#[$doc:meta])* $name:ident, $words:literal { $($(#[$vdoc:meta])* $variant:ident = $code:literal, $label:literal;)+ }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        pub enum $name {
            $($(#[$vdoc])* #[doc = $label] #[serde(rename = $code)] $variant,)+
        }

        impl ClosedSet for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            const NAME: &'static str = $words;
            fn code(self) -> &'static str {
                match self { $($name::$variant => $code,)+ }
            }
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.label())
            }
        }

        impl FromStr for $name {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                Self::parse_for(stringify!($name), s)
            }
        }
    };
}

closed_set!(
    /// What a user may do.
    Role, "role" {
        Caseworker = "caseworker", "Caseworker";
        Manager = "manager", "Manager";
        PeerMentor = "peer_mentor", "Peer mentor";
    }
);

closed_set!(
    /// Where a person stands with the justice system.
    JusticeStatus, "justice status" {
        InCustody = "in_custody", "In custody";
        OnLicence = "on_licence", "On licence";
        CommunitySentence = "community_sentence", "Community sentence";
        PostSentenceSupervision = "post_sentence_supervision", "Post-sentence supervision";
        ReleasedNoSupervision = "released_no_supervision", "Released, no supervision";
        SecureHospital = "secure_hospital", "Secure hospital";
        Unknown = "unknown", "Not known";
    }
);

closed_set!(
    /// Gender, as the person describes it.
    Gender, "gender" {
        Woman = "woman", "Woman";
        Man = "man", "Man";
        NonBinary = "non_binary", "Non-binary";
        Other = "other", "Another gender";
        NotStated = "not_stated", "Prefer not to say";
        Unknown = "unknown", "Not known";
    }
);

closed_set!(
    /// Ethnicity, the 19 categories of the 2021 census in England and Wales.
    Ethnicity, "ethnicity" {
        Bangladeshi = "asian_bangladeshi", "Asian or Asian British: Bangladeshi";
        Chinese = "asian_chinese", "Asian or Asian British: Chinese";
        Indian = "asian_indian", "Asian or Asian British: Indian";
        Pakistani = "asian_pakistani", "Asian or Asian British: Pakistani";
        OtherAsian = "asian_other", "Asian or Asian British: any other Asian background";
        African = "black_african", "Black, Black British, Caribbean or African: African";
        Caribbean = "black_caribbean", "Black, Black British, Caribbean or African: Caribbean";
        OtherBlack = "black_other", "Black, Black British, Caribbean or African: any other Black background";
        WhiteAndAsian = "mixed_white_asian", "Mixed or multiple: White and Asian";
        WhiteAndBlackAfrican = "mixed_white_black_african", "Mixed or multiple: White and Black African";
        WhiteAndBlackCaribbean = "mixed_white_black_caribbean", "Mixed or multiple: White and Black Caribbean";
        OtherMixed = "mixed_other", "Mixed or multiple: any other mixed background";
        WhiteBritish = "white_british", "White: English, Welsh, Scottish, Northern Irish or British";
        WhiteIrish = "white_irish", "White: Irish";
        GypsyOrIrishTraveller = "white_gypsy_traveller", "White: Gypsy or Irish Traveller";
        Roma = "white_roma", "White: Roma";
        OtherWhite = "white_other", "White: any other White background";
        Arab = "other_arab", "Other ethnic group: Arab";
        AnyOther = "other_any", "Other ethnic group: any other ethnic group";
        NotStated = "not_stated", "Prefer not to say";
    }
);

closed_set!(
    /// The five high-level groups of the 2021 census, for the equality breakdown.
    EthnicGroup, "ethnic group" {
        Asian = "asian", "Asian or Asian British";
        Black = "black", "Black, Black British, Caribbean or African";
        Mixed = "mixed", "Mixed or multiple ethnic groups";
        White = "white", "White";
        Other = "other", "Other ethnic group";
    }
);

impl Ethnicity {
    /// The census group, or `None` when not stated.
    pub fn group(self) -> Option<EthnicGroup> {
        use Ethnicity::*;
        Some(match self {
            Bangladeshi | Chinese | Indian | Pakistani | OtherAsian => EthnicGroup::Asian,
            African | Caribbean | OtherBlack => EthnicGroup::Black,
            WhiteAndAsian | WhiteAndBlackAfrican | WhiteAndBlackCaribbean | OtherMixed => EthnicGroup::Mixed,
            WhiteBritish | WhiteIrish | GypsyOrIrishTraveller | Roma | OtherWhite => EthnicGroup::White,
            Arab | AnyOther => EthnicGroup::Other,
            NotStated => return None,
        })
    }
}

closed_set!(
    /// Whether the person considers themselves disabled.
    Disability, "disability answer" {
        Yes = "yes", "Yes";
        No = "no", "No";
        NotStated = "not_stated", "Prefer not to say";
        Unknown = "unknown", "Not known";
    }
);

closed_set!(
    /// A support need.
    SupportNeed, "support need" {
        MentalHealth = "mental_health", "Mental health";
        Drugs = "drugs", "Drugs";
        Alcohol = "alcohol", "Alcohol";
        SelfHarmRisk = "self_harm_risk", "Self-harm risk";
        LongTermCondition = "long_term_condition", "Long-term condition";
        LearningDisability = "learning_disability", "Learning disability or difficulty";
        Neurodivergence = "neurodivergence", "Neurodivergence";
        PregnancyPostnatal = "pregnancy_postnatal", "Pregnancy or postnatal";
        PalliativeCare = "palliative_care", "Palliative care";
        Infection = "infection", "Blood-borne virus or other infection";
        OlderPerson = "older_person", "Older person (50+)";
        PhysicalDisability = "physical_disability", "Physical disability or mobility";
        Dementia = "dementia", "Dementia or memory";
        Housing = "housing", "Housing";
    }
);

closed_set!(
    /// A risk flag, shown prominently on the record.
    RiskFlag, "risk flag" {
        SelfHarm = "self_harm", "Risk of self-harm or suicide";
        Overdose = "overdose", "Overdose risk";
        ViolenceToStaff = "violence_to_staff", "Risk to staff";
        ViolenceToOthers = "violence_to_others", "Risk to others";
        NoLoneWorking = "no_lone_working", "Do not visit alone";
        SafeguardingAdult = "safeguarding_adult", "Adult safeguarding concern";
        SafeguardingChildren = "safeguarding_children", "Child safeguarding concern";
        DomesticAbuse = "domestic_abuse", "Domestic abuse";
        Exploitation = "exploitation", "Exploitation";
    }
);

closed_set!(
    /// GP registration status.
    GpStatus, "GP registration status" {
        Registered = "registered", "Registered";
        NotRegistered = "not_registered", "Not registered";
        InProgress = "in_progress", "Registration in progress";
        Unknown = "unknown", "Not known";
    }
);

closed_set!(
    /// What a person's consent is for.
    ConsentPurpose, "purpose of consent" {
        Store = "store", "Keep their details";
        ShareHealth = "share_health", "Share with health services";
        ShareProbation = "share_probation", "Share with probation";
    }
);

closed_set!(
    /// How consent was recorded.
    ConsentMethod, "way of recording consent" {
        Written = "written", "Signed form";
        Verbal = "verbal", "Verbal, witnessed";
        Electronic = "electronic", "Electronic";
    }
);

closed_set!(
    /// Why an episode of support ended.
    CloseReason, "reason for closing" {
        GoalsMet = "goals_met", "Support completed, goals met";
        Disengaged = "disengaged", "Stopped engaging";
        Declined = "declined", "Declined further support";
        MovedAway = "moved_away", "Moved out of the area";
        Transferred = "transferred", "Transferred to another service";
        ReturnedToCustody = "returned_to_custody", "Returned to custody long term";
        Died = "died", "Died";
        Other = "other", "Other";
    }
);

closed_set!(
    /// Kind of custody episode.
    CustodyKind, "kind of custody" {
        Remand = "remand", "Remand";
        Sentence = "sentence", "Sentence";
        Recall = "recall", "Recall";
    }
);

closed_set!(
    /// Kind of health service (appointments, referrals and the directory).
    ServiceType, "service type" {
        Gp = "gp", "GP";
        MentalHealth = "mental_health", "Mental health";
        DrugAlcohol = "drug_alcohol", "Drug and alcohol";
        Dental = "dental", "Dental";
        Maternity = "maternity", "Maternity";
        HospitalOutpatient = "hospital_outpatient", "Hospital outpatient";
        SexualHealth = "sexual_health", "Sexual health";
        Optician = "optician", "Optician";
        Pharmacy = "pharmacy", "Pharmacy";
        TalkingTherapies = "talking_therapies", "NHS Talking Therapies";
        Housing = "housing", "Housing";
        Benefits = "benefits", "Benefits";
        Reconnect = "reconnect", "RECONNECT care after custody";
        LiaisonDiversion = "liaison_diversion", "Liaison and Diversion";
        GpRegistration = "gp_registration", "GP registration";
        Other = "other", "Other";
    }
);

impl ServiceType {
    /// Whether a health appointment can be of this type (housing, benefits and the like are referral
    /// targets, not appointments).
    pub fn is_appointment_type(self) -> bool {
        !matches!(
            self,
            ServiceType::Housing
                | ServiceType::Benefits
                | ServiceType::Reconnect
                | ServiceType::LiaisonDiversion
                | ServiceType::GpRegistration
        )
    }
}

closed_set!(
    /// Who goes with the person to an appointment.
    Accompaniment, "kind of accompaniment" {
        None = "none", "Nobody";
        Caseworker = "caseworker", "Caseworker";
        PeerMentor = "peer_mentor", "Peer mentor";
    }
);

closed_set!(
    /// What happened at an appointment, aligned with the NHS Data Dictionary attendance codes.
    Outcome, "appointment outcome" {
        NotRecorded = "not_recorded", "Not yet recorded";
        Attended = "attended", "Attended (on time, or late but seen)";
        LateNotSeen = "late_not_seen", "Arrived late and not seen";
        CancelledByPatient = "cancelled_by_patient", "Cancelled by the person";
        Dna = "dna", "Did not attend";
        CancelledByProvider = "cancelled_by_provider", "Cancelled or moved by the service";
    }
);

impl Outcome {
    /// The NHS Data Dictionary "attended or did not attend" code (5 covers attended on time or late
    /// but seen; 0 is "not applicable", used until an outcome is recorded).
    pub fn nhs_code(self) -> u8 {
        match self {
            Outcome::NotRecorded => 0,
            Outcome::Attended => 5,
            Outcome::LateNotSeen => 7,
            Outcome::CancelledByPatient => 2,
            Outcome::Dna => 3,
            Outcome::CancelledByProvider => 4,
        }
    }
}

closed_set!(
    /// Why a person did not attend.
    DnaReason, "reason for not attending" {
        Unwell = "unwell", "Unwell";
        Forgot = "forgot", "Forgot";
        NoFare = "no_fare", "No money for the fare";
        ProbationClash = "probation_clash", "Clashed with probation";
        BackInCustody = "back_in_custody", "Back in custody";
        DistrustService = "distrust_service", "Did not trust the service";
        Other = "other", "Other";
    }
);

closed_set!(
    /// Where a referral stands.
    ReferralStatus, "referral status" {
        Draft = "draft", "Draft";
        Sent = "sent", "Sent";
        Acknowledged = "acknowledged", "Acknowledged";
        Accepted = "accepted", "Accepted";
        Declined = "declined", "Declined";
        FirstAppointment = "first_appointment", "First appointment";
        Completed = "completed", "Completed";
        ClosedNoEngagement = "closed_no_engagement", "Closed, no engagement";
    }
);

impl ReferralStatus {
    /// The statuses a referral may move to from this one.
    pub fn next(self) -> &'static [ReferralStatus] {
        use ReferralStatus::*;
        match self {
            Draft => &[Sent],
            Sent => &[Acknowledged, Accepted, Declined, ClosedNoEngagement],
            Acknowledged => &[Accepted, Declined, ClosedNoEngagement],
            Accepted => &[FirstAppointment, ClosedNoEngagement],
            FirstAppointment => &[Completed, ClosedNoEngagement],
            Declined | Completed | ClosedNoEngagement => &[],
        }
    }

    /// Whether the referral is finished.
    pub fn is_final(self) -> bool {
        self.next().is_empty()
    }
}

closed_set!(
    /// Kind of support contact.
    ContactKind, "kind of contact" {
        InPerson = "in_person", "In person";
        Phone = "phone", "Phone";
        Video = "video", "Video call";
        PrisonVisit = "prison_visit", "Prison visit";
        GatePickup = "gate_pickup", "Gate pick-up";
        Accompaniment = "accompaniment", "Accompanied to an appointment";
        Message = "message", "Letter or message";
    }
);

closed_set!(
    /// Why a task exists.
    TaskKind, "kind of task" {
        DnaFollowUp = "dna_follow_up", "Follow up a missed appointment";
        ReleaseWindow = "release_window", "First 14 days after release";
        ReferralChase = "referral_chase", "Chase a referral";
        ContactFollowUp = "contact_follow_up", "Follow-up from a contact";
        Other = "other", "Other";
    }
);

closed_set!(
    /// A questionnaire that measures change (scored in [`crate::scales`]).
    MeasureScale, "outcome measure" {
        Phq9 = "phq9", "PHQ-9 (depression)";
        Gad7 = "gad7", "GAD-7 (anxiety)";
        Wellbeing = "wellbeing", "Wellbeing check";
    }
);

closed_set!(
    /// A kind of lived experience a peer mentor brings.
    LivedExperience, "area of lived experience" {
        Custody = "custody", "Prison";
        Probation = "probation", "Probation";
        Addiction = "addiction", "Drugs or alcohol recovery";
        MentalHealth = "mental_health", "Mental health";
        Homelessness = "homelessness", "Homelessness";
        DomesticAbuse = "domestic_abuse", "Domestic abuse";
        CareLeaver = "care_leaver", "Leaving care";
        Women = "women", "Women in the justice system";
    }
);

macro_rules! default_member {
    ($($name:ident => $v:ident),+) => {$(
        impl Default for $name {
            fn default() -> Self {
                $name::$v
            }
        }
    )+};
}
default_member!(
    JusticeStatus => Unknown,
    GpStatus => Unknown,
    Outcome => NotRecorded,
    Accompaniment => None,
    ReferralStatus => Draft,
    TaskKind => Other,
    ServiceType => Other
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_labels_parse_in_any_case() {
        assert_eq!(JusticeStatus::parse_for("s", "On licence").unwrap(), JusticeStatus::OnLicence);
        assert_eq!(JusticeStatus::parse_for("s", "ON_LICENCE").unwrap(), JusticeStatus::OnLicence);
        assert_eq!(Outcome::parse_for("o", "dna").unwrap(), Outcome::Dna);
        let e = Gender::parse_for("gender", "martian").unwrap_err();
        assert_eq!(e.field(), Some("gender"));
        assert!(e.to_string().contains("woman"), "{e}");
    }

    #[test]
    fn every_ethnicity_but_not_stated_has_a_census_group() {
        let grouped = Ethnicity::ALL.iter().filter(|e| e.group().is_some()).count();
        assert_eq!(grouped, 19);
    }

    #[test]
    fn referral_next_steps_follow_the_lifecycle() {
        use ReferralStatus::*;
        assert_eq!(Draft.next(), [Sent]);
        assert_eq!(Sent.next(), [Acknowledged, Accepted, Declined, ClosedNoEngagement]);
        assert_eq!(Acknowledged.next(), [Accepted, Declined, ClosedNoEngagement]);
        assert_eq!(Accepted.next(), [FirstAppointment, ClosedNoEngagement]);
        assert_eq!(FirstAppointment.next(), [Completed, ClosedNoEngagement]);
        for done in [Completed, Declined, ClosedNoEngagement] {
            assert!(done.next().is_empty());
        }
    }

    #[test]
    fn referral_lifecycle_reaches_an_end_from_every_status() {
        for s in ReferralStatus::ALL {
            let mut cur = *s;
            let mut steps = 0;
            while !cur.is_final() {
                cur = cur.next()[0];
                steps += 1;
                assert!(steps < 10);
            }
        }
    }
}
