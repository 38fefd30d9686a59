// A short list of the passwords people pick most, for the password rules (password-policy.ts): the usual
// top-of-breach-list entries, keyboard walks, and a few common in Chinese. Lower case; the rules compare a
// password with them after taking off capitals, spaces and digits or symbols at either end, so "Password2026!"
// meets "password" here.
const list = `
  123456 123456789 12345678 12345 1234567 1234567890 123123 111111 000000 654321 123321 666666 121212 112233
  7777777 987654321 qwerty qwertyuiop qwerty123 qwertyui qwert qwer1234 1qaz2wsx 1q2w3e4r 1q2w3e4r5t
  1q2w3e4r5t6y 1q2w3e 1qazxsw2 zaq12wsx zaq1zaq1 qazwsx qazwsxedc qweasd qweasdzxc qwe123 123qwe q1w2e3r4
  q1w2e3r4t5 q1w2e3 asdfgh asdfghjkl asdfghjk asdf asdf1234 asdfasdf asdasd asd123 zxcvbn zxcvbnm zxc123 mnbvcxz
  qweqwe azerty azertyuiop qwertz 1234qwer 12qwaszx qazxsw password passw0rd p@ssword p@ssw0rd pa55word pass
  word passwort motdepasse contrasena senha parola wachtwoord haslo admin administrator root toor user guest
  test tester testing demo login welcome letmein changeme default secret access master system server database
  backup support helpdesk service manager office company iloveyou loveyou lovely love lover loveme iloveu dragon
  monkey shadow sunshine princess football baseball soccer hockey basketball tennis golfer golf cricket superman
  batman spiderman ironman starwars startrek pokemon naruto minecraft matrix avatar gandalf merlin hobbit
  michael jennifer jessica michelle daniel thomas robert charlie andrew joshua matthew anthony william jordan
  hunter buster tigger ashley amanda nicole chelsea george jasmine hannah taylor summer winter autumn spring
  monday friday sunday january february march april june july august september october november december flower
  orange banana cherry apple pepper ginger cookie cheese chocolate coffee butter peanut pumpkin freedom liberty
  justice trustno1 whatever nothing forever always together someone computer internet google yahoo facebook
  twitter microsoft windows samsung iphone android linux ubuntu killer hello hello123 hellohello whatsup mustang
  ferrari porsche corvette mercedes toyota honda nissan yamaha harley camaro dallas london paris berlin tokyo
  beijing shanghai china chinese newyork chicago boston texas florida california canada america diamond silver
  golden gold platinum crystal thunder lightning storm rainbow maverick phoenix falcon eagle eagles tiger tigers
  lion dolphin panther jaguar wolf bear rabbit angel angels heaven destiny spirit magic wizard dream dreams
  dreamer jesus christ god blessed faith secret123 password1 password12 password123 password1234 admin123
  admin1234 root123 test123 test1234 welcome1 welcome123 letmein1 abc123 abcd1234 abcdef abcdefg abcdefgh 123abc
  a123456 a12345 123456a aa123456 1a2b3c a1b2c3 a1b2c3d4 000000000000 111111111111 123123123123 123456123456
  123456789012 1234567890ab 112233445566 121212121212 147258369 159753 147852369 741852963 963852741 789456123
  0987654321 qwertyuiop123 qwerty123456 1qaz2wsx3edc 1qaz2wsx3edc4rfv zaq12wsxcde3 qazwsxedcrfv asdfghjkl123
  zxcvbnm123 iloveyou123 iloveyou1234 princess123 sunshine123 monkey123 dragon123 football123 baseball123
  superman123 batman123 charlie123 michael123 jordan23 passwordpassword adminadmin rootroot testtest
  qwertyqwerty letmeinplease changemenow welcometo welcomehome opensesame youwillneverguess nopassword
  mypassword yourpassword thepassword newpassword oldpassword secretpassword supersecret topsecret verysecret
  woaini woaini1314 5201314 1314520 520520 888888 88888888 666888 168168 518518 aini1314 iloveyou1314 qq123456
  zhang wang liu chen yang huang zhao zhou baidu taobao alibaba tencent weixin wechat
`;

export const commonPasswords: ReadonlySet<string> = new Set(list.split(/\s+/).filter(Boolean));
