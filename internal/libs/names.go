package libs

import (
	"regexp"
	"strings"
	"sync"
)

// The ORMs' naming rules. gorm and bun both derive snake_case names from
// Go names but not the same way (gorm keeps Go's initialisms whole), so
// each has its own rule; both pluralise table names alike.

// gormName is gorm's NamingStrategy.toDBName: CamelCase to snake_case,
// with Go's common initialisms kept whole (UserID → user_id).
func gormName(name string) string {
	if name == "" {
		return ""
	}
	value := initialisms().Replace(name)
	var buf strings.Builder
	var lastCase, nextCase, nextNumber bool
	curCase := value[0] <= 'Z' && value[0] >= 'A'
	for i := 0; i < len(value)-1; i++ {
		v := value[i]
		nextCase = value[i+1] <= 'Z' && value[i+1] >= 'A'
		nextNumber = value[i+1] >= '0' && value[i+1] <= '9'
		if curCase {
			if lastCase && (nextCase || nextNumber) {
				buf.WriteByte(v + 32)
			} else {
				if i > 0 && value[i-1] != '_' && value[i+1] != '_' {
					buf.WriteByte('_')
				}
				buf.WriteByte(v + 32)
			}
		} else {
			buf.WriteByte(v)
		}
		lastCase = curCase
		curCase = nextCase
	}
	last := value[len(value)-1]
	if curCase {
		if !lastCase && len(value) > 1 {
			buf.WriteByte('_')
		}
		buf.WriteByte(last + 32)
	} else {
		buf.WriteByte(last)
	}
	return buf.String()
}

// initialisms and pluralRules are built on first use: most go vet
// processes never name an ORM model's table, and compiling the rules at
// start-up cost every one of them 0.2 ms.
var initialisms = sync.OnceValue(func() *strings.Replacer {
	var pairs []string
	for _, w := range []string{"API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON", "LHS", "QPS", "RAM", "RHS", "RPC", "SLA", "SMTP", "SSH", "TLS", "TTL", "UID", "UI", "UUID", "URI", "URL", "UTF8", "VM", "XML", "XSRF", "XSS"} {
		pairs = append(pairs, w, w[:1]+strings.ToLower(w[1:]))
	}
	return strings.NewReplacer(pairs...)
})

// bunName is bun's internal.Underscore: an upper-case letter starts a
// word when a lower-case letter is next to it (UserID → user_id).
func bunName(s string) string {
	var b strings.Builder
	isUpper := func(c byte) bool { return c >= 'A' && c <= 'Z' }
	isLower := func(c byte) bool { return c >= 'a' && c <= 'z' }
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUpper(c) {
			if i > 0 && i+1 < len(s) && (isLower(s[i-1]) || isLower(s[i+1])) {
				b.WriteByte('_')
			}
			b.WriteByte(c + 32)
		} else {
			b.WriteByte(c)
		}
	}
	return b.String()
}

// Plural is the English plural the ORMs use for table names (the rules
// of Rails' inflector, as github.com/jinzhu/inflection has them).
func Plural(word string) string {
	lower := strings.ToLower(word)
	for _, u := range []string{"equipment", "information", "rice", "money", "species", "series", "fish", "sheep", "jeans", "police"} {
		if lower == u {
			return word
		}
	}
	for _, ir := range [][2]string{{"person", "people"}, {"man", "men"}, {"child", "children"}, {"sex", "sexes"}, {"move", "moves"}, {"mombie", "mombies"}} {
		if strings.HasSuffix(lower, ir[0]) {
			return word[:len(word)-len(ir[0])] + ir[1]
		}
	}
	rules := pluralRules()
	for i := len(rules) - 1; i >= 0; i-- {
		if rules[i].re.MatchString(word) {
			return rules[i].re.ReplaceAllString(word, rules[i].repl)
		}
	}
	return word
}

type inflectionRule struct {
	re   *regexp.Regexp
	repl string
}

var pluralRules = sync.OnceValue(func() []inflectionRule {
	var out []inflectionRule
	for _, r := range [][2]string{
		{"([a-z])$", "${1}s"}, {"s$", "s"}, {"^(ax|test)is$", "${1}es"}, {"(octop|vir)us$", "${1}i"},
		{"(octop|vir)i$", "${1}i"}, {"(alias|status)$", "${1}es"}, {"(bu)s$", "${1}ses"},
		{"(buffal|tomat)o$", "${1}oes"}, {"([ti])um$", "${1}a"}, {"([ti])a$", "${1}a"}, {"sis$", "ses"},
		{"(?:([^f])fe|([lr])f)$", "${1}${2}ves"}, {"(hive)$", "${1}s"}, {"([^aeiouy]|qu)y$", "${1}ies"},
		{"(x|ch|ss|sh)$", "${1}es"}, {"(matr|vert|ind)(?:ix|ex)$", "${1}ices"}, {"^(m|l)ouse$", "${1}ice"},
		{"^(m|l)ice$", "${1}ice"}, {"^(ox)$", "${1}en"}, {"^(oxen)$", "${1}"}, {"(quiz)$", "${1}zes"},
	} {
		out = append(out, inflectionRule{regexp.MustCompile("(?i)" + r[0]), r[1]})
	}
	return out
})
