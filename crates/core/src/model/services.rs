//! The service directory: local services people are referred or taken to.

use crate::entity::{Entity, select_list};
use crate::enums::ServiceType;
use crate::ids::ServiceId;
use crate::model::{Stored, Where, fields_impl, query_all, record};
use crate::store::{Reader, Tx};
use crate::time::Date;
use crate::{Result, validate};

record! {
    /// A service in the directory.
    ServiceFields, ServicePatch {
        /// Name.
        name: String,
        /// Kind.
        service_type: ServiceType,
        /// Address.
        address: Option<String>,
        /// Phone.
        phone: Option<String>,
        /// Email.
        email: Option<String>,
        /// Area covered.
        area: Option<String>,
        /// How to refer, opening times, anything useful.
        notes: Option<String>,
    }
}
fields_impl!(ServiceFields, ServicePatch, Entity::Service, ServiceId);

/// A stored service.
pub type Service = Stored<ServiceId, ServiceFields>;

impl ServiceFields {
    fn check_fields(&mut self, _r: &Reader<'_>, _today: Date) -> Result<()> {
        self.name = validate::required_text("name", "The service's name", &self.name, 200)?;
        validate::opt_text("address", &mut self.address, 500, true)?;
        validate::opt_text("phone", &mut self.phone, 200, false)?;
        validate::opt_text("email", &mut self.email, 200, false)?;
        validate::opt_text("area", &mut self.area, 200, false)?;
        validate::opt_text("notes", &mut self.notes, 10_000, true)?;
        Ok(())
    }
}

/// The common kinds every directory starts with; each organisation fills in its local details.
pub const STARTER_DIRECTORY: &[(&str, ServiceType)] = &[
    ("GP registration (any local practice)", ServiceType::GpRegistration),
    ("Community mental health team", ServiceType::MentalHealth),
    ("NHS Talking Therapies", ServiceType::TalkingTherapies),
    ("Drug and alcohol service", ServiceType::DrugAlcohol),
    ("Sexual health clinic", ServiceType::SexualHealth),
    ("NHS dentist", ServiceType::Dental),
    ("Maternity service", ServiceType::Maternity),
    ("RECONNECT care after custody", ServiceType::Reconnect),
    ("Liaison and Diversion", ServiceType::LiaisonDiversion),
    ("Council housing options", ServiceType::Housing),
    ("Jobcentre Plus and benefits advice", ServiceType::Benefits),
];

impl Reader<'_> {
    /// The directory, by name, optionally of one kind.
    pub fn services(&self, kind: Option<ServiceType>) -> Result<Vec<Service>> {
        crate::authz::read(self.actor, Entity::Service)?;
        let mut w = Where::default();
        w.always("archived_at IS NULL").when(
            "service_type = :k",
            ":k",
            kind.map(crate::enums::ClosedSet::code),
        );
        let sql = format!(
            "SELECT {} FROM services {} ORDER BY name COLLATE NOCASE",
            select_list(Entity::Service),
            w.sql()
        );
        query_all(self, Entity::Service, &sql, &w.params(&[]))
    }
}

impl Tx<'_> {
    /// Adds the starter directory (done once, when a database is created).
    pub fn add_starter_directory(&mut self) -> Result<Vec<Service>> {
        STARTER_DIRECTORY
            .iter()
            .map(|(name, kind)| {
                self.insert(ServiceFields {
                    name: (*name).into(),
                    service_type: *kind,
                    address: None,
                    phone: None,
                    email: None,
                    area: None,
                    notes: None,
                })
            })
            .collect()
    }
}
