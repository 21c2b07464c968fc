"""Office programs driven from Python: PDF through Microsoft Word or LibreOffice.

``pdf`` picks the converter; ``libreoffice`` runs soffice (a pool of warm processes talking
to ``_uno_client.py``); ``word`` drives Word over COM on Windows. The CJK font shipped for
charts and LibreOffice, with the fonts.conf that maps Word's Chinese fonts to it, is the data
package ``creditbook_fonts`` (the documents extra). Nothing here knows about credit documents
or workbooks.
"""
