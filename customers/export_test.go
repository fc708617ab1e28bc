package customers

// The scanners that replaced regular expressions, for the comparison
// tests.
var (
	IsChineseMobile  = isChineseMobile
	IsIdentityMobile = isIdentityMobile
	IsIdentityName   = isIdentityName
	IsDomainName     = isDomainName
	AllDigits        = allDigits
	ReplaceMobiles   = replaceMobiles
	ReplaceEmails    = replaceEmails
)
