# Reference rendering of a course page the way Jekyll does it, for checking the Markdown
# reader by hand: front matter (YAML) -> Liquid (ruby-liquid; `include` rendered as a marker
# framed by blank lines like the theme's includes, `highlight` as a fence) -> kramdown
# (ruby-kramdown + GFM parser, Jekyll's options).  Usage: ruby jekyll_oracle.rb PAGE.md
require 'yaml'; require 'liquid'; require 'kramdown'; require 'kramdown-parser-gfm'
src = File.read(ARGV[0])
fm, body = src.match(/\A---\n(.*?)\n---\n(.*)\z/m).captures
page = YAML.safe_load(fm, permitted_classes: [Date])
class Inc < Liquid::Tag
  def initialize(t, m, o); super; @m = m.strip; end
  def render(c); "\n\n<div class=\"include\">#{@m}</div>\n\n"; end
end
Liquid::Template.register_tag('include', Inc)
class Hl < Liquid::Block
  def initialize(t, m, o); super; @l = m.strip; end
  def render(c); "\n~~~ #{@l}\n#{super.strip}\n~~~\n"; end
end
Liquid::Template.register_tag('highlight', Hl)
out = Liquid::Template.parse(body).render('page' => page)
doc = Kramdown::Document.new(out, input: 'GFM', hard_wrap: false, auto_ids: true, toc_levels: (1..6).to_a, entity_output: :as_char, smart_quotes: %w[lsquo rsquo ldquo rdquo])
puts doc.to_html
