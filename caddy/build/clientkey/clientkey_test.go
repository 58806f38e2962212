package clientkey

import "testing"

func TestKey(t *testing.T) {
	for ip, want := range map[string]string{
		"203.0.113.7":                   "203.0.113.7",
		"::ffff:203.0.113.7":            "203.0.113.7",
		"2001:db8:1:2:3:4:5:6":          "2001:db8:1:2::/64",
		"2001:db8:1:2:ffff:ffff:ffff:1": "2001:db8:1:2::/64",
		"2001:db8::1":                   "2001:db8::/64",
		"fe80::1%eth0":                  "fe80::/64",
		"::1":                           "::/64",
		"not an address":                "not an address",
	} {
		if got := Key(ip); got != want {
			t.Errorf("Key(%q) = %q, want %q", ip, got, want)
		}
	}
	// Two addresses of one /64 share a key; the next /64 does not.
	if Key("2001:db8:0:1::a") != Key("2001:db8:0:1:ffff::b") || Key("2001:db8:0:1::a") == Key("2001:db8:0:2::a") {
		t.Error("a /64 must be one key, and only one /64")
	}
}
