package core

// The scanners that replaced regular expressions, for the comparison
// tests.
var (
	IsPlainDecimal = isPlainDecimal
	IsJSONNumber   = isJSONNumber
)
