package synth

// Calling codes and a few cities per nationality, for phones and home
// addresses. Countries not listed get "+999" and "Capital".
var callingCodes = map[string]string{
	"TJ": "+992", "UZ": "+998", "KZ": "+77", "KG": "+996", "RU": "+79", "UA": "+380", "BY": "+375",
	"GE": "+995", "AM": "+374", "AZ": "+994", "MD": "+373", "MX": "+52", "SV": "+503", "CO": "+57",
	"PE": "+51", "BR": "+55", "AR": "+54", "CL": "+56", "GT": "+502", "IN": "+91", "CN": "+86",
	"TR": "+90", "NP": "+977", "BD": "+880", "RO": "+40", "VN": "+84", "PH": "+63", "AL": "+355", "ES": "+34",
}

var cities = map[string][]string{
	"TJ": {"Dushanbe", "Khujand", "Kulob", "Bokhtar", "Istaravshan"},
	"UZ": {"Tashkent", "Samarkand", "Namangan", "Andijan", "Fergana", "Bukhara"},
	"KZ": {"Almaty", "Astana", "Shymkent", "Taraz", "Turkistan"},
	"KG": {"Bishkek", "Osh", "Jalal-Abad", "Karakol"},
	"RU": {"Moscow", "Kazan", "Yekaterinburg", "Novosibirsk", "Saint Petersburg"},
	"UA": {"Kyiv", "Kharkiv", "Odesa", "Dnipro"},
	"BY": {"Minsk", "Gomel", "Brest"},
	"GE": {"Tbilisi", "Batumi", "Kutaisi"},
	"AM": {"Yerevan", "Gyumri"},
	"AZ": {"Baku", "Ganja"},
	"MD": {"Chisinau", "Balti"},
	"MX": {"Ciudad de Mexico", "Guadalajara", "Puebla", "Oaxaca", "Tijuana", "Monterrey"},
	"SV": {"San Salvador", "Santa Ana", "San Miguel"},
	"CO": {"Bogota", "Medellin", "Cali"},
	"PE": {"Lima", "Arequipa", "Trujillo"},
	"BR": {"Sao Paulo", "Rio de Janeiro", "Belo Horizonte"},
	"GT": {"Guatemala City", "Quetzaltenango", "Huehuetenango"},
	"IN": {"New Delhi", "Ahmedabad", "Chandigarh", "Mumbai"},
	"CN": {"Wenzhou", "Fuzhou", "Beijing"},
	"TR": {"Istanbul", "Ankara", "Izmir"},
	"NP": {"Kathmandu", "Pokhara"},
}

var streets = []string{
	"Central St", "Station Rd", "Market St", "Garden Ln", "River Rd", "School St", "Park Ave", "Mill Rd",
	"Lenin St", "Navoi St", "Rudaki Ave", "Abai Ave", "Manas Ave", "Independence Ave", "Victory St",
	"Calle Hidalgo", "Calle Juarez", "Av Reforma", "Rua Sete", "Carrera 7",
}

// Border sectors where encounters happen, and the US towns of the
// networks' stash houses.
var (
	borderSectors = []string{
		"San Ysidro POE", "Otay Mesa POE", "Calexico West POE", "Nogales DeConcini POE", "Lukeville POE",
		"El Paso BOTA", "Del Rio POE", "Eagle Pass POE", "Laredo POE", "Hidalgo POE",
		"Tucson Sector", "Yuma Sector", "El Centro Sector", "Rio Grande Valley Sector", "Big Bend Sector",
	}
	stashTowns = []string{"Nogales AZ", "Douglas AZ", "Calexico CA", "El Paso TX", "Laredo TX", "McAllen TX", "Eagle Pass TX", "Yuma AZ"}
)

func callingCode(c string) string {
	if v, ok := callingCodes[c]; ok {
		return v
	}
	return "+999"
}

func cityOf(c string, h int64) string {
	cs := cities[c]
	if len(cs) == 0 {
		return "Capital"
	}
	return cs[h%int64(len(cs))]
}
