package vetgraph

// IdentifierKind names a type of identifier.
type IdentifierKind string

// Identifier kinds and the FtM properties they come from.
const (
	IDPassport     IdentifierKind = "passport"     // passportNumber; Passport.number
	IDNationalID   IdentifierKind = "national_id"  // idNumber; Identification.number
	IDRegistration IdentifierKind = "registration" // registrationNumber (organizations)
	IDPhone        IdentifierKind = "phone"
	IDEmail        IdentifierKind = "email"
	IDAccount      IdentifierKind = "account" // payment account, IBAN, wallet
	IDAddress      IdentifierKind = "address"
	IDVehicle      IdentifierKind = "vehicle"
)

// IdentityGrade reports whether a shared value of this kind makes two records
// the same subject (passport, national id, registration number). Link-grade
// kinds (phone, email, account, address, vehicle) link subjects without
// merging them.
func (k IdentifierKind) IdentityGrade() bool {
	switch k {
	case IDPassport, IDNationalID, IDRegistration:
		return true
	}
	return false
}

// IdentifierKindOf maps an FtM subject property to its identifier kind.
func IdentifierKindOf(prop string) (IdentifierKind, bool) {
	switch prop {
	case "passportNumber":
		return IDPassport, true
	case "idNumber":
		return IDNationalID, true
	case "registrationNumber":
		return IDRegistration, true
	case "phone":
		return IDPhone, true
	case "email":
		return IDEmail, true
	case "ibanCode", "accountNumber":
		return IDAccount, true
	case "address":
		return IDAddress, true
	case "vehicle":
		return IDVehicle, true
	}
	return "", false
}
