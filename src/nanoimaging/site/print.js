// The PDF edition's arrangement of the single page (nanoimaging.site.pdf): run by Playwright's
// page.evaluate in the page, whose own JavaScript is off (add_style_tag would wait forever).
// The title page and the article replace everything else and the print stylesheet is added;
// headings and parts are arranged for the outline; links to the website's files become text.
// Returns the chapters found (file, part, title), every heading's text and what is missing.
({titlePage, parts, documentTitle, css}) => {
  const article = document.querySelector('article.bd-article');
  if (!article) return {missing: ['the single page has no article.bd-article'], chapters: []};
  document.querySelectorAll('a.headerlink').forEach(a => a.remove());
  // Headings keep their spaces in print (print.css): one space between words, none around.
  // (No TreeWalker filter: callbacks do not run with the page's JavaScript off.)
  for (const h of article.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
    const stack = [...h.childNodes];
    while (stack.length) {
      const n = stack.pop();
      if (n.nodeType === 3) n.data = n.data.replace(/\s+/g, ' ');
      else stack.push(...n.childNodes);
    }
    const first = h.firstChild, last = h.lastChild;
    if (first && first.nodeType === 3) first.data = first.data.replace(/^ /, '');
    if (last && last.nodeType === 3) last.data = last.data.replace(/ $/, '');
  }
  const rootSection = article.querySelector(':scope > section');
  const missing = [];
  if (!rootSection) missing.push('the root chapter has no section');
  // The root chapter's own headings go one level down, to the level of the other chapters.
  const rename = (el, tag) => {
    const copy = document.createElement(tag);
    for (const attr of el.attributes) copy.setAttribute(attr.name, attr.value);
    copy.replaceChildren(...el.childNodes);
    el.replaceWith(copy);
  };
  if (rootSection) {
    const own = [...rootSection.querySelectorAll('h1, h2, h3, h4, h5')].filter(h => !h.closest('.toctree-wrapper'));
    for (const h of own) rename(h, 'h' + (Number(h.tagName[1]) + 1));
    // The other chapters follow the root chapter instead of sitting inside it.
    let after = rootSection;
    for (const wrapper of [...rootSection.querySelectorAll('.toctree-wrapper')]) {
      for (const child of [...wrapper.children]) { after.after(child); after = child; }
      wrapper.remove();
    }
  }
  const chapters = [];
  for (const [caption, docs] of parts) {
    docs.forEach((doc, index) => {
      let section = null;
      if (rootSection && chapters.length === 0) section = rootSection;
      else {
        const marker = document.getElementById('document-' + doc);
        section = marker && marker.nextElementSibling;
        if (!section || section.tagName !== 'SECTION') { missing.push(doc); return; }
      }
      section.classList.add('pdf-chapter');
      section.dataset.pdfChapter = doc;
      const heading = section.querySelector('h1, h2');
      if (index === 0 && caption) {
        const part = document.createElement('h1');
        part.className = 'pdf-part';
        part.textContent = caption;
        section.prepend(part);
      }
      chapters.push({file: doc, part: caption, title: heading ? heading.textContent.trim() : ''});
    });
  }
  // Links to pages and files of the website lead nowhere in a PDF: keep their text only.
  for (const a of [...article.querySelectorAll('a[href]')]) {
    const href = a.getAttribute('href');
    if (!(href.startsWith('#') || /^(https?:|mailto:)/i.test(href))) a.replaceWith(...a.childNodes);
  }
  // Inline code and DataFrame headers may break after an underscore (snake_case names in
  // narrow columns), never inside a word (print.css).
  for (const el of article.querySelectorAll('code, table.dataframe th')) {
    if (el.closest('pre')) continue;
    const stack = [...el.childNodes];
    while (stack.length) {
      const n = stack.pop();
      if (n.nodeType === 1) stack.push(...n.childNodes);
      else if (n.nodeType === 3 && n.data.includes('_')) {
        const pieces = [];
        n.data.split(/(?<=_)/).forEach((piece, i) => {
          if (i) pieces.push(document.createElement('wbr'));
          pieces.push(document.createTextNode(piece));
        });
        n.replaceWith(...pieces);
      }
    }
  }
  // A static chart (the home figure) prints its text alternative below it, as the other charts do.
  for (const chart of article.querySelectorAll('.data-chart-static[aria-label]')) {
    const caption = document.createElement('p');
    caption.className = 'vega-caption';
    caption.textContent = chart.getAttribute('aria-label');
    chart.after(caption);
  }
  // The margins at the end of a chapter would go on a page of their own before the next
  // chapter's page break when its content fills its last page (Chromium keeps them there).
  for (const section of article.querySelectorAll('.pdf-chapter')) {
    for (let el = section; el && !el.matches('table, pre, figure, svg'); el = el.lastElementChild) {
      el.style.setProperty('margin-bottom', '0', 'important');
    }
  }
  const figures = [...article.querySelectorAll('.vega-figure')];
  const noStatic = figures.filter(f => !f.querySelector('img.vega-static'))
    .map(f => 'chart ' + (f.dataset.chartName || '(unnamed)') + ' has no static SVG to print');
  // A radionuclide's raised mass number (<sup>18</sup>F) is lost from the text of the printed
  // table by PDF readers (PDFium, pypdf read "(e.g. Cu and Zr)"): on paper it stands on the line.
  for (const sup of article.querySelectorAll('table.table1 sup')) sup.replaceWith(sup.textContent);
  const book = document.createElement('div');
  book.className = 'pdf-book';
  book.innerHTML = titlePage;
  book.append(article);
  document.body.replaceChildren(book);
  const style = document.createElement('style');
  style.textContent = css;
  document.head.append(style);
  document.documentElement.dataset.theme = 'light';
  document.documentElement.dataset.mode = 'light';
  document.title = documentTitle;
  const headings = [...book.querySelectorAll('h1, h2, h3, h4, h5, h6')]
    .map(h => h.textContent.replace(/\s+/g, ' ').trim());
  return {missing: missing.map(m => m.includes(' ') ? m : 'chapter ' + m + ' is not on the single page')
    .concat(noStatic), chapters, headings, charts: figures.length};
}
