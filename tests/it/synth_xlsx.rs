//! The fixed parts of an XLSX workbook as Paheko 1.3.22's writer (KD2 `TableToXLSX`) makes
//! them, copied from a real export (tests/fixtures/girofle-2024/paheko/*.xlsx); the sheet
//! itself is written by `synth_forms`, whose tests check these against the fixture.

/// `[Content_Types].xml`.
pub(crate) const CONTENT_TYPES: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
				<Default ContentType="application/xml" Extension="xml"/>
				<Default ContentType="application/vnd.openxmlformats-package.relationships+xml" Extension="rels"/>
				<Default ContentType="image/png" Extension="png"/>
				<Default ContentType="image/jpeg" Extension="jpeg"/>
				<Override ContentType="application/vnd.openxmlformats-package.relationships+xml" PartName="/_rels/.rels"/>
				<Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml" PartName="/xl/workbook.xml"/>
				<Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml" PartName="/xl/styles.xml"/>
				<Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml" PartName="/xl/worksheets/sheet1.xml"/>
				<Override ContentType="application/vnd.openxmlformats-package.relationships+xml" PartName="/xl/_rels/workbook.xml.rels"/>
				<Override ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" PartName="/xl/sharedStrings.xml"/>
				<Override ContentType="application/vnd.openxmlformats-package.core-properties+xml" PartName="/docProps/core.xml"/>
				<Override ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml" PartName="/docProps/app.xml"/>
			</Types>"##;

/// `docProps/app.xml`.
pub(crate) const APP: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template></Template><TotalTime>0</TotalTime><Application>KD2.org/TableToXLSX</Application><AppVersion>0.1</AppVersion></Properties>"##;

/// `docProps/core.xml`.
pub(crate) const CORE: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dcterms:created xsi:type="dcterms:W3CDTF">2026-11-24T02:13:30+01:00</dcterms:created><dc:creator></dc:creator><dc:description></dc:description><dc:language>fr-FR</dc:language><cp:lastModifiedBy></cp:lastModifiedBy><dcterms:modified xsi:type="dcterms:W3CDTF">2026-11-24T02:13:30+01:00</dcterms:modified><cp:revision>1</cp:revision><dc:subject></dc:subject><dc:title></dc:title></cp:coreProperties>"##;

/// `_rels/.rels`.
pub(crate) const RELS: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"##;

/// `xl/_rels/workbook.xml.rels`.
pub(crate) const WORKBOOK_RELS: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"##;

/// `xl/sharedStrings.xml`.
pub(crate) const SHARED_STRINGS: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"></sst>"##;

/// `xl/styles.xml`.
pub(crate) const STYLES: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
			<numFmts count="1">
				<numFmt numFmtId="164" formatCode="General"/>
				<numFmt numFmtId="165" formatCode="dd/mm/yyyy"/>
				<numFmt numFmtId="166" formatCode="#,##0.00\ [$€-40C];[RED]\-#,##0.00\ [$€-40C]"/>
				<numFmt numFmtId="167" formatCode="0.00\ %"/>
				<numFmt numFmtId="168" formatCode="dd/mm/yyyy\ hh:mm"/>
			</numFmts>
			<fonts count="4">
				<font>
					<sz val="10"/>
					<name val="Arial"/>
					<family val="2"/>
				</font>
				<font>
					<sz val="10"/>
					<name val="Arial"/>
					<family val="0"/>
				</font>
				<font>
					<sz val="10"/>
					<name val="Arial"/>
					<family val="0"/>
				</font>
				<font>
					<sz val="10"/>
					<name val="Arial"/>
					<family val="0"/>
				</font>
			</fonts>
			<fills count="2">
				<fill>
					<patternFill patternType="none"/>
				</fill>
				<fill>
					<patternFill patternType="gray125"/>
				</fill>
			</fills>
			<borders count="1">
				<border diagonalDown="false" diagonalUp="false">
					<left/>
					<right/>
					<top/>
					<bottom/>
					<diagonal/>
				</border>
			</borders>
			<cellStyleXfs count="20">
				<xf applyAlignment="true" applyBorder="true" applyFont="true" applyProtection="true" borderId="0" fillId="0" fontId="0" numFmtId="164"><alignment horizontal="general" indent="0" shrinkToFit="false" textRotation="0" vertical="bottom" wrapText="false"/><protection hidden="false" locked="true"/></xf>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="1" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="1" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="2" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="2" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="0" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="0" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="0" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="0" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="0" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="0" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="0" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="0" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="0" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="0" numFmtId="0"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="1" numFmtId="43"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="1" numFmtId="41"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="1" numFmtId="44"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="1" numFmtId="42"/>
				<xf applyAlignment="false" applyBorder="false" applyFont="true" applyProtection="false" borderId="0" fillId="0" fontId="1" numFmtId="9"/>
			</cellStyleXfs>
			<cellXfs count="5">
				<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyFont="false" applyBorder="false" applyAlignment="false" applyProtection="false">
					<alignment horizontal="general" vertical="top" textRotation="0" wrapText="false" indent="0" shrinkToFit="false"/>
					<protection locked="true" hidden="false"/>
				</xf>
				<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyFont="false" applyBorder="false" applyAlignment="false" applyProtection="false">
					<alignment horizontal="general" vertical="top" textRotation="0" wrapText="false" indent="0" shrinkToFit="false"/>
					<protection locked="true" hidden="false"/>
				</xf>
				<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyFont="false" applyBorder="false" applyAlignment="false" applyProtection="false">
					<alignment horizontal="general" vertical="top" textRotation="0" wrapText="false" indent="0" shrinkToFit="false"/>
					<protection locked="true" hidden="false"/>
				</xf>
				<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyFont="false" applyBorder="false" applyAlignment="false" applyProtection="false">
					<alignment horizontal="general" vertical="top" textRotation="0" wrapText="false" indent="0" shrinkToFit="false"/>
					<protection locked="true" hidden="false"/>
				</xf>
				<xf numFmtId="168" fontId="0" fillId="0" borderId="0" xfId="0" applyFont="false" applyBorder="false" applyAlignment="false" applyProtection="false">
					<alignment horizontal="general" vertical="top" textRotation="0" wrapText="false" indent="0" shrinkToFit="false"/>
					<protection locked="true" hidden="false"/>
				</xf>
			</cellXfs>
			<cellStyles count="6">
				<cellStyle builtinId="0" name="Normal" xfId="0"/>
				<cellStyle builtinId="3" name="Comma" xfId="15"/>
				<cellStyle builtinId="6" name="Comma [0]" xfId="16"/>
				<cellStyle builtinId="4" name="Currency" xfId="17"/>
				<cellStyle builtinId="7" name="Currency [0]" xfId="18"/>
				<cellStyle builtinId="5" name="Percent" xfId="19"/>
			</cellStyles>
		</styleSheet>"##;

/// `xl/workbook.xml` up to the sheet name.
pub(crate) const WORKBOOK_HEAD: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><fileVersion appName="Calc"/><workbookPr backupFile="false" showObjects="all" date1904="false"/><workbookProtection/><bookViews><workbookView showHorizontalScroll="true" showVerticalScroll="true" showSheetTabs="true" xWindow="0" yWindow="0" windowWidth="16384" windowHeight="8192" tabRatio="500" firstSheet="0" activeTab="0"/></bookViews><sheets><sheet name=""##;

/// `xl/workbook.xml` after the sheet name.
pub(crate) const WORKBOOK_TAIL: &str = r##"" sheetId="1" state="visible" r:id="rId3"/></sheets><calcPr iterateCount="100" refMode="A1" iterate="false" iterateDelta="0.001"/></workbook>"##;

/// `xl/worksheets/sheet1.xml` up to the dimension.
pub(crate) const SHEET_HEAD: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main" xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"><sheetPr filterMode="false"><pageSetUpPr fitToPage="false"/></sheetPr><dimension ref=""##;

/// After the dimension, up to the rows (Paheko's column widths, computed from the
/// content, are left out).
pub(crate) const SHEET_VIEWS: &str = r##""/><sheetViews>
			<sheetView colorId="64" defaultGridColor="true" rightToLeft="false" showFormulas="false" showGridLines="true" showOutlineSymbols="true" showRowColHeaders="true" showZeros="true" tabSelected="true" topLeftCell="A1" view="normal" workbookViewId="0" zoomScale="100" zoomScaleNormal="100" zoomScalePageLayoutView="100">
				<selection activeCell="A1" activeCellId="0" pane="topLeft" sqref="A1"/>
			</sheetView>
		</sheetViews>
		<sheetFormatPr defaultColWidth="11.53515625" defaultRowHeight="12.8" outlineLevelCol="0" outlineLevelRow="0" zeroHeight="false"/>"##;
